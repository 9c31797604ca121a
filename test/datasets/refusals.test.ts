import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gqa } from "../../datasets/gqa/index.js";
import { mme } from "../../datasets/mme/index.js";
import { mmvet } from "../../datasets/mmvet/index.js";
import { pope } from "../../datasets/pope/index.js";
import { scienceqa } from "../../datasets/scienceqa/index.js";
import { vqav2 } from "../../datasets/vqav2/index.js";
import { DataError } from "../../src/errors.js";
import type { Benchmark } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

const minis = fileURLToPath(new URL("../../datasets/", import.meta.url));

/** A private copy of a bundled mini set, to break. */
function copyMini(name: string): string {
  const dir = path.join(tempDir(), name);
  cpSync(path.join(minis, name, "mini"), dir, { recursive: true });
  return dir;
}

async function refusal(benchmark: Benchmark, dir: string): Promise<DataError> {
  const error = await benchmark.load(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const editJson = (file: string, edit: (value: any) => unknown): void => {
  const value = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify(edit(value) ?? value));
};

describe("issue 12: damaged datasets are refused, naming the file and the line, key or sample", () => {
  it("POPE: a zero-byte split file (item 1)", async () => {
    const dir = copyMini("pope");
    writeFileSync(path.join(dir, "coco_pope_popular.json"), "");
    const error = await refusal(pope, dir);
    expect(error.file).toBe(path.join(dir, "coco_pope_popular.json"));
    expect(error.message).toMatch(/coco_pope_popular\.json: holds no questions/);
  });

  it("ScienceQA: a pid listed twice in pid_splits.json's test list (item 2)", async () => {
    const dir = copyMini("scienceqa");
    const file = path.join(dir, "pid_splits.json");
    let repeated = "";
    editJson(file, (v) => {
      repeated = v.test[1];
      v.test.push(repeated);
    });
    const error = await refusal(scienceqa, dir);
    expect(error.sampleId).toBe(repeated);
    expect(error.message).toContain(`${file}: /test/`);
    expect(error.message).toContain("repeats /test/1");
  });

  it("VQAv2: a question annotated twice with different answers (item 3)", async () => {
    const dir = copyMini("vqav2");
    const file = path.join(dir, "v2_mscoco_val2014_annotations.json");
    let id = 0;
    editJson(file, (v) => {
      const copy = structuredClone(v.annotations[2]);
      copy.answers = copy.answers.map((a: { answer: string }) => ({ ...a, answer: "zebra" }));
      id = copy.question_id;
      v.annotations.push(copy);
    });
    const error = await refusal(vqav2, dir);
    expect(error.sampleId).toBe(String(id));
    expect(error.message).toMatch(/\/annotations\/\d+: question_id \d+ is annotated a second time/);
  });

  it("VQAv2: a question annotated twice is refused by the whole-file fallback too (a document the scan does not follow)", async () => {
    const dir = copyMini("vqav2");
    const file = path.join(dir, "v2_mscoco_val2014_annotations.json");
    const value = JSON.parse(readFileSync(file, "utf8"));
    value.annotations.push(value.annotations[0]);
    // "annotations" before any other key and an array: followed; wrap the value so the scan falls back.
    writeFileSync(file, ` ${JSON.stringify(value)}\n\n`.replace('{"', '{ "'));
    const error = await refusal(vqav2, dir);
    expect(error.message).toContain("is annotated a second time");
  });

  it.each([
    ["GQA testdev_balanced_questions.json", "gqa", gqa, "testdev_balanced_questions.json"],
    ["ScienceQA problems.json", "scienceqa", scienceqa, "problems.json"],
    ["MM-Vet mm-vet.json", "mmvet", mmvet, "mm-vet.json"],
  ] as const)("%s: a question id key that appears twice (item 4)", async (_name, name, benchmark, fileName) => {
    const dir = copyMini(name);
    const file = path.join(dir, fileName);
    const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const [firstId, firstEntry] = Object.entries(value)[0]!;
    // Pretty-printed, with the first id repeated as the last key: JSON.parse would keep one of them.
    const text = JSON.stringify(value, null, 2).replace(/\n}$/, `,\n  ${JSON.stringify(firstId)}: ${JSON.stringify(firstEntry)}\n}`);
    writeFileSync(file, text);
    const line = text.split("\n").length - 1;
    const error = await refusal(benchmark, dir);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`${file}, line ${line}: key ${JSON.stringify(firstId)} appears a second time`);
  });

  it('VQAv2: a key repeated inside one annotation (two "answers") is refused during the element scan (item 4)', async () => {
    const dir = copyMini("vqav2");
    const file = path.join(dir, "v2_mscoco_val2014_annotations.json");
    const text = readFileSync(file, "utf8");
    const at = text.indexOf('"answers"', text.indexOf('"annotations"'));
    writeFileSync(file, `${text.slice(0, at)}"answers": [],\n${text.slice(at)}`);
    const error = await refusal(vqav2, dir);
    expect(error.message).toMatch(/v2_mscoco_val2014_annotations\.json, line \d+: key "answers" appears a second time/);
  });

  it("POPE: a question line with bytes that are not UTF-8 (item 5)", async () => {
    const dir = copyMini("pope");
    const file = path.join(dir, "coco_pope_random.json");
    const lines = readFileSync(file).toString("latin1").split("\n");
    lines[2] = lines[2]!.replace("Is there", "Is th\xe9re");
    writeFileSync(file, Buffer.from(lines.join("\n"), "latin1"));
    const error = await refusal(pope, dir);
    expect(error.line).toBe(3);
    expect(error.message).toContain(`${file}, line 3: not UTF-8`);
  });

  it("MME: a question file with bytes that are not UTF-8 (item 5)", async () => {
    const dir = copyMini("mme");
    const taskDir = path.join(dir, "MME_Benchmark_release_version", "color");
    const txt = (await import("node:fs")).readdirSync(taskDir).find((f) => f.endsWith(".txt"))!;
    const file = path.join(taskDir, txt);
    const [first, second] = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, Buffer.concat([Buffer.from(`${first}\n`), Buffer.from(second!.replace("?", "\xa0?"), "latin1")]));
    const error = await refusal(mme, dir);
    expect(error.message).toContain(`${file}, line 2: not UTF-8`);
  });

  it.each([
    [
      "GQA imageId climbing out",
      "gqa",
      gqa,
      (dir: string) =>
        editJson(path.join(dir, "testdev_balanced_questions.json"), (v) => {
          const id = Object.keys(v).find((k) => v[k].isBalanced)!;
          v[id].imageId = "../../secret";
        }),
      /imageId: image name "\.\.\/\.\.\/secret" has a "\.\." segment/,
    ],
    [
      "ScienceQA image absolute",
      "scienceqa",
      scienceqa,
      (dir: string) =>
        editJson(path.join(dir, "problems.json"), (v) => {
          const id = Object.keys(v).find((k) => v[k].image)!;
          v[id].image = "/etc/passwd";
        }),
      /\/image: image name "\/etc\/passwd" is an absolute path/,
    ],
    [
      "MM-Vet imagename with a .. segment",
      "mmvet",
      mmvet,
      (dir: string) =>
        editJson(path.join(dir, "mm-vet.json"), (v) => {
          v[Object.keys(v)[0]!].imagename = "sub/../../x.png";
        }),
      /question v1_0: image name "sub\/\.\.\/\.\.\/x\.png" has a "\.\." segment/,
    ],
    [
      "MM-Vet imagename, Windows-absolute",
      "mmvet",
      mmvet,
      (dir: string) =>
        editJson(path.join(dir, "mm-vet.json"), (v) => {
          v[Object.keys(v)[0]!].imagename = "C:\\x.png";
        }),
      /is an absolute path/,
    ],
    [
      "POPE image with a .. segment",
      "pope",
      pope,
      (dir: string) => {
        const file = path.join(dir, "coco_pope_adversarial.json");
        const lines = readFileSync(file, "utf8").split("\n");
        lines[0] = JSON.stringify({ ...JSON.parse(lines[0]!), image: "..\\..\\x.jpg" });
        writeFileSync(file, lines.join("\n"));
      },
      /coco_pope_adversarial\.json, line 1: image name "\.\.\\\\\.\.\\\\x\.jpg" has a "\.\." segment/,
    ],
  ] as const)("%s is refused before any path is resolved (item 6)", async (_name, name, benchmark, breakIt, message) => {
    const dir = copyMini(name);
    breakIt(dir);
    const error = await refusal(benchmark, dir);
    expect(error.message).toMatch(message);
  });

  it("a symbolic link inside the data folder is still followed (LLaVA's playground layout, item 6)", async () => {
    const root = tempDir();
    const real = path.join(root, "real-images");
    cpSync(path.join(minis, "pope", "mini", "val2014"), real, { recursive: true });
    const dir = path.join(root, "pope");
    mkdirSync(dir);
    for (const split of ["random", "popular", "adversarial"]) {
      cpSync(path.join(minis, "pope", "mini", `coco_pope_${split}.json`), path.join(dir, `coco_pope_${split}.json`));
    }
    symlinkSync(real, path.join(dir, "val2014"));
    expect((await pope.load(dir)).length).toBeGreaterThan(0);
  });
});
