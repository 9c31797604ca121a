import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { mmvp } from "../../../datasets/mmvp/index.js";
import { MMVP_MINI, writeMmvpDataset } from "../../../datasets/mmvp/make-mini.js";
import { DataError } from "../../../src/errors.js";
import { LETTER_ANSWER } from "../../../src/prompts.js";
import { tempDir } from "../../helpers/tmp.js";

async function fixture(): Promise<string> {
  const dir = path.join(tempDir(), "mmvp");
  await writeMmvpDataset(dir, { pairs: 2, seed: 1 });
  return dir;
}
const csv = (dir: string) => path.join(dir, "Questions.csv");

describe("MMVP loader", () => {
  it("loads the bundled mini set: row-numbered ids and images, letter targets, pairs", async () => {
    const samples = await mmvp.load(bundledDataDir(mmvp));
    expect(samples).toHaveLength(2 * MMVP_MINI.pairs);
    const first = samples[0]!;
    expect(first.id).toBe("1");
    expect(first.images[0]).toMatch(/MMVP Images\/1\.jpg$/);
    expect(first.prompt).toBe(`${first.question}\n${first.meta.options}${LETTER_ANSWER}`);
    expect(first.choices).toHaveLength(2);
    expect(["a", "b"]).toContain(first.target);
    expect(samples.map((s) => s.meta.pair)).toEqual(samples.map((_, i) => Math.floor(i / 2) + 1));
    // Each pair: same question, opposite answers.
    for (let i = 0; i < samples.length; i += 2) {
      expect(samples[i]!.prompt).toBe(samples[i + 1]!.prompt);
      expect(samples[i]!.target).not.toBe(samples[i + 1]!.target);
    }
  });

  it("regenerating the mini set gives the same Questions.csv", async () => {
    const dir = path.join(tempDir(), "mini");
    await writeMmvpDataset(dir, MMVP_MINI);
    expect(readFileSync(csv(dir), "utf8")).toBe(readFileSync(csv(bundledDataDir(mmvp)), "utf8"));
  });

  it("reads quoted fields with commas and a BOM, as csv-parse does", async () => {
    const dir = await fixture();
    writeFileSync(
      csv(dir),
      '\ufeffIndex,Question,Options,Correct Answer\n1,"Is it open, or closed?",(a) Open (b) Closed,(a)\n2,"Is it open, or closed?",(a) Open (b) Closed,(b)\n' +
        '3,"Say ""hi""?",(a) Yes (b) No,(b)\n4,"Say ""hi""?",(a) Yes (b) No,(a)\n',
    );
    const samples = await mmvp.load(dir);
    expect(samples.map((s) => s.question)).toEqual(["Is it open, or closed?", "Is it open, or closed?", 'Say "hi"?', 'Say "hi"?']);
    expect(samples.map((s) => s.target)).toEqual(["a", "b", "b", "a"]);
  });

  it("a CSV without the Correct Answer column: DataError naming the file, line 1 and the column", async () => {
    const dir = await fixture();
    writeFileSync(csv(dir), "Index,Question,Options\n1,Q?,(a) A (b) B\n2,Q?,(a) A (b) B\n");
    const error = await mmvp.load(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ line: 1 });
    expect((error as Error).message).toMatch(
      /Questions\.csv, line 1: no "Correct Answer" column \(the header has "Index", "Question", "Options"\)/,
    );
  });

  it("an odd number of rows: DataError naming the unpaired question", async () => {
    const dir = await fixture();
    const text = readFileSync(csv(dir), "utf8").trim().split("\n");
    writeFileSync(csv(dir), text.slice(0, 4).join("\n") + "\n");
    await expect(mmvp.load(dir)).rejects.toThrow(/3 questions, an odd number .* question 3 \(line 4\) has no partner/);
  });

  it.each([
    ["1,Q?,Open or closed,(a)", /line 2: Options "Open or closed" is not a list/],
    ["1,Q?,(a) Open (b) Closed,(c)", /line 2: Correct Answer "\(c\)" is not one of the options' letters \(a\)–\(b\)/],
    ["1,,(a) Open (b) Closed,(a)", /line 2: the Question is empty/],
    ["1,Q?,(a) Open (b) Closed", /line 2: not a readable CSV/],
  ])("a bad row %j: DataError naming the line", async (row, message) => {
    const dir = await fixture();
    const lines = readFileSync(csv(dir), "utf8").trim().split("\n");
    lines[1] = row;
    writeFileSync(csv(dir), lines.join("\n") + "\n");
    await expect(mmvp.load(dir)).rejects.toThrow(message);
  });

  it("a missing image: DataError naming the question; re-scoring does not need images", async () => {
    const dir = await fixture();
    rmSync(path.join(dir, "MMVP Images", "3.jpg"));
    await expect(mmvp.load(dir)).rejects.toThrow(/MMVP: 1 image\(s\) missing: sample 3: .*3\.jpg/);
    await expect(mmvp.load(dir, { annotationsOnly: true })).resolves.toHaveLength(4);
  });
});
