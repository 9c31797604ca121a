import { describe, expect, it } from "vitest";
import { createBaselineAdapter, optionLabels } from "../../adapters/baseline.js";
import { UsageError } from "../../src/errors.js";

const settings = { maxTokens: 128, temperature: 0, seed: 0 };
const ask = (mode: string, prompt: string, seed = 0) =>
  createBaselineAdapter(mode, { ...settings, seed }).generate({ images: ["/a.jpg"], prompt, ...settings, seed }).then((r) => r.text);

describe("baseline adapter", () => {
  it.each([
    ["yes", "Is there a dog?", "Yes"],
    ["no", "Is there a dog?", "No"],
    ["first", "Is there a dog?", "Yes"],
    ["first", "Which?\nA. cat\nB. dog\nAnswer with the option's letter", "A"],
    ["first", "Which? (a) Open (b) Closed", "(a)"],
  ])("baseline:%s answers %j with %j", async (mode, prompt, expected) => {
    expect(await ask(mode, prompt)).toBe(expected);
  });

  it("random is a fixed function of seed and question (not of call order), and uses both answers", async () => {
    const prompts = Array.from({ length: 200 }, (_, i) => `Is there object ${i}?`);
    const first = await Promise.all(prompts.map((p) => ask("random", p)));
    const again = await Promise.all([...prompts].reverse().map((p) => ask("random", p)));
    expect(again.reverse()).toEqual(first);
    const yes = first.filter((t) => t === "Yes").length;
    expect(yes).toBeGreaterThan(70);
    expect(yes).toBeLessThan(130);
    const otherSeed = await Promise.all(prompts.map((p) => ask("random", p, 1)));
    expect(otherSeed).not.toEqual(first);
  });

  it("random does not depend on where the data sits on disk", async () => {
    const at = (dir: string) =>
      createBaselineAdapter("random", settings).generate({ images: [`${dir}/val2014/COCO_val2014_000000000042.jpg`], prompt: "Is there a cat?", ...settings });
    const dirs = Array.from({ length: 20 }, (_, i) => `/data-${i}/pope`);
    const answers = await Promise.all(dirs.map(async (d) => (await at(d)).text));
    expect(new Set(answers).size).toBe(1);
  });

  it("random picks among the prompt's option letters", async () => {
    const text = await ask("random", "Which?\nA. cat\nB. dog\nC. cow");
    expect(["A", "B", "C"]).toContain(text);
  });

  it("names the valid modes for an unknown one", () => {
    expect(() => createBaselineAdapter("maybe", settings)).toThrow(UsageError);
    expect(() => createBaselineAdapter("maybe", settings)).toThrow(/baseline:yes, baseline:no, baseline:first, baseline:random/);
  });

  it("fingerprints differ by mode and settings", () => {
    expect(createBaselineAdapter("yes", settings).id).not.toBe(createBaselineAdapter("no", settings).id);
    expect(createBaselineAdapter("random", settings).id).not.toBe(createBaselineAdapter("random", { ...settings, seed: 1 }).id);
  });

  it("finds no options in a yes/no question", () => {
    expect(optionLabels("Is there a cat in the image?\nAnswer the question using a single word or phrase.")).toEqual([]);
  });
});
