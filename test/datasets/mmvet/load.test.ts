import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { mmvet } from "../../../datasets/mmvet/index.js";
import { MMVET_MINI, writeMmvetDataset } from "../../../datasets/mmvet/make-mini.js";
import { DataError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

async function fixture(): Promise<string> {
  const dir = path.join(tempDir(), "mm-vet");
  await writeMmvetDataset(dir, { questions: 4, seed: 3 });
  return dir;
}
const edit = (dir: string, change: (data: Record<string, any>) => void) => {
  const file = path.join(dir, "mm-vet.json");
  const data = JSON.parse(readFileSync(file, "utf8"));
  change(data);
  writeFileSync(file, JSON.stringify(data));
};

describe("MM-Vet loader", () => {
  it("loads the bundled mini set: ids, images, prompt = question, capabilities", async () => {
    const samples = await mmvet.load(bundledDataDir(mmvet));
    expect(samples).toHaveLength(MMVET_MINI.questions);
    expect(samples[0]).toMatchObject({ id: "v1_0", benchmark: "mmvet", prompt: samples[0]!.question });
    expect(samples[0]!.images[0]).toMatch(/images\/v1_0\.png$/);
    const caps = new Set(samples.flatMap((s) => s.meta.capabilities as string[]));
    expect([...caps].sort()).toEqual(["gen", "math", "rec", "spat"]);
    expect(samples.some((s) => s.target.includes("<AND>"))).toBe(true);
    expect(samples.some((s) => s.target.includes("<OR>"))).toBe(true);
  });

  it("regenerating the mini set gives the same mm-vet.json", async () => {
    const dir = path.join(tempDir(), "mini");
    await writeMmvetDataset(dir, MMVET_MINI);
    expect(readFileSync(path.join(dir, "mm-vet.json"), "utf8")).toBe(readFileSync(path.join(bundledDataDir(mmvet), "mm-vet.json"), "utf8"));
  });

  it("an id without an image: DataError naming the file and the id", async () => {
    const dir = await fixture();
    edit(dir, (d) => delete d.v1_2.imagename);
    const error = await mmvet.load(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ sampleId: "v1_2" });
    expect((error as Error).message).toMatch(/mm-vet\.json, question v1_2: it names no image/);
  });

  it("an image file that is missing: DataError naming the question and the path", async () => {
    const dir = await fixture();
    rmSync(path.join(dir, "images", "v1_0.png"));
    await expect(mmvet.load(dir)).rejects.toThrow(/MM-Vet: 1 image\(s\) missing: sample v1_0: .*v1_0\.png/);
    // Re-scoring needs only the annotations.
    await expect(mmvet.load(dir, { annotationsOnly: true })).resolves.toHaveLength(4);
  });

  it.each([
    [(d: Record<string, any>) => (d.v1_1.capability = []), /question v1_1: field "capability" must be a non-empty list/],
    [(d: Record<string, any>) => (d.v1_1.answer = 5), /question v1_1: field "answer" must be a string/],
    [(d: Record<string, any>) => (d.v1_3 = "x"), /question v1_3: the entry is not an object/],
  ])("a malformed entry is a DataError naming it (%#)", async (change, message) => {
    const dir = await fixture();
    edit(dir, change);
    await expect(mmvet.load(dir)).rejects.toThrow(message);
  });

  it("missing files: DataError saying where it looked and where to get them", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "images"));
    await expect(mmvet.load(dir)).rejects.toThrow(/MM-Vet: mm-vet\.json not found under .*mm-vet\.zip/);
  });
});
