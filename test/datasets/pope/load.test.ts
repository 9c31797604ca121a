import { appendFile, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pope } from "../../../datasets/pope/index.js";
import { POPE_MINI, writePopeDataset } from "../../../datasets/pope/make-mini.js";
import { DataError } from "../../../src/errors.js";
import { SHORT_ANSWER } from "../../../src/prompts.js";
import { smallPope, tempDir } from "../../helpers/pope-fixtures.js";

const MINI = fileURLToPath(new URL("../../../datasets/pope/mini", import.meta.url));

/** The error `load` rejects with, asserting it is a DataError. */
async function loadError(dir: string, options = {}): Promise<DataError> {
  const error = await pope.load(dir, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

async function editLine(file: string, lineNumber: number, edit: (line: string) => string): Promise<void> {
  const lines = (await readFile(file, "utf8")).split("\n");
  lines[lineNumber - 1] = edit(lines[lineNumber - 1]!);
  await writeFile(file, lines.join("\n"));
}

describe("pope.load", () => {
  it("loads the three splits in order with ids, prompts, targets and image paths", async () => {
    const dir = await smallPope(await tempDir());
    const samples = await pope.load(dir);
    expect(samples).toHaveLength(36);
    expect(samples.map((s) => s.id.split("/")[0])).toEqual([
      ...Array(12).fill("random"),
      ...Array(12).fill("popular"),
      ...Array(12).fill("adversarial"),
    ]);
    const first = (await readFile(path.join(dir, "coco_pope_popular.json"), "utf8")).split("\n")[0]!;
    const row = JSON.parse(first) as { question_id: number; image: string; text: string; label: string };
    const sample = samples[12]!;
    expect(sample).toEqual({
      id: `popular/${row.question_id}`,
      benchmark: "pope",
      images: [path.join(dir, "val2014", row.image)],
      question: row.text,
      prompt: row.text + SHORT_ANSWER,
      target: row.label,
      // llava_pope_test.jsonl numbers popular question k as 20000000 + k.
      meta: { split: "popular", question_id: 1, image: row.image, llava_ids: [20000001, 1] },
    });
    expect(path.isAbsolute(sample.images[0]!)).toBe(true);
    expect(samples.map((s) => s.target)).toEqual(Array(18).fill(["yes", "no"]).flat());
  });

  it("finds the files four levels deep, but not five", async () => {
    const root = await tempDir();
    await smallPope(path.join(root, "a", "b", "c", "d"));
    expect(await pope.load(root)).toHaveLength(36);

    const deeper = await tempDir();
    await smallPope(path.join(deeper, "a", "b", "c", "d", "e"));
    expect((await loadError(deeper)).message).toContain("coco_pope_random.json");
  });

  it("follows a symbolic link to an image folder kept elsewhere", async () => {
    const root = await tempDir();
    const data = path.join(root, "pope");
    await smallPope(data);
    const store = path.join(root, "shared", "coco-images");
    await mkdir(path.dirname(store), { recursive: true });
    await rename(path.join(data, "val2014"), store);
    await symlink(store, path.join(data, "val2014"), "dir");
    const samples = await pope.load(data);
    expect(samples).toHaveLength(36);
    expect(samples[0]!.images[0]).toBe(path.join(data, "val2014", samples[0]!.meta.image as string));
  });

  it("names a missing split file, the folder searched and where to get it", async () => {
    const dir = await smallPope(await tempDir());
    await rm(path.join(dir, "coco_pope_adversarial.json"));
    const error = await loadError(dir);
    expect(error.message).toContain("coco_pope_adversarial.json");
    expect(error.message).not.toContain("coco_pope_random.json not found");
    expect(error.message).toContain(dir);
    expect(error.message).toMatch(/official POPE release/);
  });

  it("names a missing image folder, unless only the annotations are wanted", async () => {
    const dir = await smallPope(await tempDir());
    await rm(path.join(dir, "val2014"), { recursive: true });
    expect((await loadError(dir)).message).toMatch(/val2014 not found/);
    const samples = await pope.load(dir, { annotationsOnly: true });
    expect(samples).toHaveLength(36);
    expect(samples[0]!.images[0]).toBe(path.join(dir, "val2014", samples[0]!.meta.image as string));
  });

  it("names the file and line of a malformed JSON line", async () => {
    const dir = await smallPope(await tempDir());
    const file = path.join(dir, "coco_pope_popular.json");
    await appendFile(file, "{oops\n");
    const error = await loadError(dir);
    expect(error.message).toContain(file);
    expect(error.message).toContain("line 13");
    expect(error.line).toBe(13);
  });

  it("names the file, line and field of a row that breaks the format", async () => {
    const dir = await smallPope(await tempDir());
    const file = path.join(dir, "coco_pope_random.json");
    await editLine(file, 3, (line) => line.replace(/"label": "(yes|no)"/, '"label": "maybe"'));
    const error = await loadError(dir);
    expect(error.message).toContain(`${file}, line 3`);
    expect(error.message).toContain('"label"');
    expect(error.message).toContain('"maybe"');
  });

  it("counts blank lines when naming the line of a bad row", async () => {
    const dir = await smallPope(await tempDir());
    const file = path.join(dir, "coco_pope_random.json");
    await editLine(file, 2, (line) => `\n${line.replace('"question_id": 2', '"question_id": "2"')}`);
    const error = await loadError(dir);
    expect(error.message).toContain(`${file}, line 3`);
    expect(error.message).toContain('"question_id"');
  });

  it("rejects a question_id that repeats within a split", async () => {
    const dir = await smallPope(await tempDir());
    const file = path.join(dir, "coco_pope_adversarial.json");
    await editLine(file, 5, (line) => line.replace('"question_id": 5', '"question_id": 2'));
    const error = await loadError(dir);
    expect(error.message).toContain(`${file}, line 5`);
    expect(error.message).toContain("question_id 2 repeats the one on line 2");
  });

  it("names the sample and path of a missing image", async () => {
    const dir = await smallPope(await tempDir());
    const images = (await readdir(path.join(dir, "val2014"))).sort();
    const gone = path.join(dir, "val2014", images[0]!);
    await rm(gone);
    const samples = await pope.load(dir, { annotationsOnly: true });
    const firstUser = samples.find((s) => s.images[0] === gone)!;
    const error = await loadError(dir);
    expect(error.message).toContain(`sample ${firstUser.id}: ${gone}`);
    expect(error.message).toMatch(/^POPE: 1 image\(s\) missing/);
    expect(error.sampleId).toBe(firstUser.id);
  });

  it("does not look at images when only the annotations are wanted", async () => {
    const dir = await smallPope(await tempDir());
    for (const image of await readdir(path.join(dir, "val2014"))) await rm(path.join(dir, "val2014", image));
    const samples = await pope.load(dir, { annotationsOnly: true });
    expect(samples).toHaveLength(36);
    expect(samples[0]!.images[0]).toBe(path.join(dir, "val2014", samples[0]!.meta.image as string));
  });

  it("lists at most five missing images and counts the rest", async () => {
    const dir = await smallPope(await tempDir(), { images: 7 });
    await rm(path.join(dir, "val2014"), { recursive: true });
    await mkdir(path.join(dir, "val2014"));
    const message = (await loadError(dir)).message;
    expect(message).toMatch(/^POPE: 7 image\(s\) missing/);
    expect(message.match(/sample /g)).toHaveLength(5);
    expect(message).toContain("(and 2 more)");
  });
});

describe("the bundled mini dataset", () => {
  it("loads: 72 questions per split, 216 in all", async () => {
    const samples = await pope.load(MINI);
    expect(samples).toHaveLength(216);
    for (const split of ["random", "popular", "adversarial"]) {
      expect(samples.filter((s) => s.meta.split === split)).toHaveLength(72);
    }
  });

  it("is what the generator writes for its seed (annotation files byte-identical)", async () => {
    const dir = await tempDir();
    await writePopeDataset(dir, POPE_MINI);
    for (const split of ["random", "popular", "adversarial"]) {
      const name = `coco_pope_${split}.json`;
      expect(await readFile(path.join(dir, name), "utf8"), name).toBe(await readFile(path.join(MINI, name), "utf8"));
    }
    expect((await readdir(path.join(dir, "val2014"))).sort()).toEqual((await readdir(path.join(MINI, "val2014"))).sort());
  });
});
