import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createBaselineAdapter, hash32, optionLabels } from "../../adapters/baseline.js";
import { pope } from "../../datasets/pope/index.js";
import { UsageError } from "../../src/errors.js";

const settings = { maxTokens: 128, temperature: 0, seed: 0 };
const ask = (mode: string, prompt: string, seed = 0) =>
  createBaselineAdapter(mode, { ...settings, seed })
    .generate({ images: ["/a.jpg"], prompt, ...settings, seed })
    .then((r) => r.text);

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

  it("random: different seeds give different, balanced coins on the bundled POPE questions (issue 12 item 17)", async () => {
    const samples = await pope.load(fileURLToPath(new URL("../../datasets/pope/mini", import.meta.url)));
    const seeds = [0, 1, 2, 3, 4321, 99_999];
    const coins = await Promise.all(
      seeds.map((seed) => {
        const adapter = createBaselineAdapter("random", { ...settings, seed });
        return Promise.all(
          samples.map(async (s) => (await adapter.generate({ images: s.images, prompt: s.prompt, ...settings, seed })).text),
        );
      }),
    );
    const n = samples.length;
    for (const coin of coins) {
      const yes = coin.filter((t) => t === "Yes").length;
      expect(Math.abs(yes - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4)); // within 4 sd of a fair coin
    }
    for (let a = 0; a < seeds.length; a++) {
      for (let b = a + 1; b < seeds.length; b++) {
        const agree = coins[a]!.filter((t, i) => t === coins[b]![i]).length;
        // Independent fair coins agree on about half: not all (seeds 0 and 4321 under FNV-1a), not none (0 and 1).
        expect(Math.abs(agree - n / 2), `seeds ${seeds[a]} and ${seeds[b]}`).toBeLessThan(4 * Math.sqrt(n / 4));
      }
    }
  });

  it("hash32's low bit depends on every input bit: flipping any one bit flips it about half the time", () => {
    const base = "0\u0000Is there a dog in the image?\u0000COCO_val2014_000000000042.jpg";
    const flips: boolean[] = [];
    const flipsOfBit0: boolean[] = [];
    for (let i = 0; i < base.length; i++) {
      for (let bit = 0; bit < 7; bit++) {
        const changed = base.slice(0, i) + String.fromCharCode(base.charCodeAt(i) ^ (1 << bit)) + base.slice(i + 1);
        const flipped = (hash32(changed) & 1) !== (hash32(base) & 1);
        flips.push(flipped);
        if (bit === 0) flipsOfBit0.push(flipped);
      }
    }
    // Plain FNV-1a: a character's bit 0 always flips the low bit, its other bits never (1/7 overall).
    const share = flips.filter(Boolean).length / flips.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(flipsOfBit0.some((f) => !f)).toBe(true);
  });

  it("random does not depend on where the data sits on disk", async () => {
    const at = (dir: string) =>
      createBaselineAdapter("random", settings).generate({
        images: [`${dir}/val2014/COCO_val2014_000000000042.jpg`],
        prompt: "Is there a cat?",
        ...settings,
      });
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
