import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyseEffects } from "../../../src/effects/analyse.js";
import { buildDesign, parseBaselineOption } from "../../../src/effects/design.js";
import { DataError, UsageError } from "../../../src/errors.js";
import { type LoadedRun, loadRun } from "../../../src/run-folder/index.js";
import { type CraftedItem, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

/** Loads crafted runs: one per factor assignment, each with the given items per benchmark. */
async function runs(specs: { factors: Record<string, string>; benchmarks: Record<string, CraftedItem[]> }[]): Promise<LoadedRun[]> {
  const dir = tempDir();
  return Promise.all(specs.map((spec, i) => loadRun(writeRun(path.join(dir, `run${i}`), { name: `m${i}`, ...spec }))));
}

const correctness = (n: number, p: (i: number) => boolean): CraftedItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `q${i}`, correct: p(i) ? 1 : 0 }));

describe("effects: linear probability model on a balanced 2×2×2 design", () => {
  it("coefficients are differences of mean correctness and HC1 SEs the closed form, computed independently", async () => {
    const specs: { factors: Record<string, string>; benchmarks: Record<string, CraftedItem[]> }[] = [];
    const outcome: number[][] = []; // per run, per item
    for (const llm of ["2b", "7b"])
      for (const vision of ["clip", "dino"])
        for (const pretrain of ["yes", "no"]) {
          const r: number = specs.length;
          const ys: number[] = Array.from({ length: 20 }, (_, i) =>
            (i * 3 + r * 5 + (llm === "7b" ? 7 : 0)) % 10 < 5 + (pretrain === "no" ? -2 : 0) + (vision === "dino" ? 1 : 0) ? 1 : 0,
          );
          outcome.push(ys);
          specs.push({
            factors: { llm, vision, pretrain },
            benchmarks: { toy: ys.map((y: number, i: number) => ({ id: `q${i}`, correct: y as 0 | 1 })) },
          });
        }
    const loaded = await runs(specs);
    const result = analyseEffects(loaded, { factors: ["llm", "vision", "pretrain"] });

    // Independent closed form (see test/src/stats/ols.test.ts): β_f = mean(y | f ≠ baseline) − mean(y | f = baseline),
    // se_f = (2/n)·√(n/(n−4)·RSS) with fitted = intercept + Σ β_f·dummy_f.
    const factorOf = (r: number) => specs[r]!.factors as Record<string, string>;
    const all = outcome.flatMap((ys, r) => ys.map((y) => ({ y, f: factorOf(r) })));
    const n = all.length;
    const mean = (rows: typeof all) => rows.reduce((s, x) => s + x.y, 0) / rows.length;
    const base = { llm: "2b", vision: "clip", pretrain: "yes" } as Record<string, string>;
    const beta = ["llm", "vision", "pretrain"].map(
      (k) => mean(all.filter((x) => x.f[k] !== base[k])) - mean(all.filter((x) => x.f[k] === base[k])),
    );
    const intercept = mean(all) - beta.reduce((s, b) => s + b / 2, 0);
    const rss = all.reduce((s, x) => {
      const fitted = intercept + ["llm", "vision", "pretrain"].reduce((t, k, j) => t + (x.f[k] !== base[k] ? beta[j]! : 0), 0);
      return s + (x.y - fitted) ** 2;
    }, 0);
    const se = (2 / n) * Math.sqrt((n / (n - 4)) * rss);

    const [toy] = result.benchmarks;
    expect(toy).toMatchObject({ benchmark: "toy", n: 160, items: 20, droppedItems: 0 });
    expect(toy!.intercept.estimate).toBeCloseTo(intercept, 12);
    expect(toy!.effects.map((e) => [e.factor, e.level, e.baselineLevel])).toEqual([
      ["llm", "7b", "2b"],
      ["vision", "dino", "clip"],
      ["pretrain", "no", "yes"],
    ]);
    toy!.effects.forEach((e, j) => {
      expect(e.estimate).toBeCloseTo(beta[j]!, 12);
      expect(e.se).toBeCloseTo(se, 12);
      expect(e.ci[0]).toBeCloseTo(beta[j]! - 1.959963984540054 * se, 6);
    });
    expect(beta.some((b) => Math.abs(b) > 0.05)).toBe(true);
  });

  it("--baseline flips the reference level: the effect changes sign", async () => {
    const loaded = await runs([
      { factors: { llm: "a" }, benchmarks: { toy: correctness(10, (i) => i < 3) } },
      { factors: { llm: "b" }, benchmarks: { toy: correctness(10, (i) => i < 8) } },
    ]);
    const ab = analyseEffects(loaded, { factors: ["llm"] }).benchmarks[0]!.effects[0]!;
    const ba = analyseEffects(loaded, { factors: ["llm"], baseline: { llm: "b" } }).benchmarks[0]!.effects[0]!;
    expect(ab).toMatchObject({ level: "b", baselineLevel: "a" });
    expect(ab.estimate).toBeCloseTo(0.5, 12);
    expect(ba).toMatchObject({ level: "a", baselineLevel: "b" });
    expect(ba.estimate).toBeCloseTo(-0.5, 12);
    expect(ba.se).toBeCloseTo(ab.se, 12);
  });

  it("uses graded scores where items have them, and only items scored in every run", async () => {
    const loaded = await runs([
      {
        factors: { llm: "a" },
        benchmarks: {
          vqa: [
            { id: "1", score: 0.3 },
            { id: "2", score: 1 },
            { id: "3", score: 0.6 },
          ],
        },
      },
      {
        factors: { llm: "b" },
        benchmarks: {
          vqa: [
            { id: "1", score: 0.9 },
            { id: "2", score: 1 },
            { id: "4", score: 0 },
          ],
        },
      },
    ]);
    const [vqa] = analyseEffects(loaded, { factors: ["llm"] }).benchmarks;
    expect(vqa).toMatchObject({ items: 2, droppedItems: 2, n: 4 });
    expect(vqa!.intercept.estimate).toBeCloseTo(0.65, 12); // (0.3 + 1)/2
    expect(vqa!.effects[0]!.estimate).toBeCloseTo(0.3, 12); // (0.9 + 1)/2 − 0.65
  });
});

describe("effects: bad designs are errors naming the run and the factor", () => {
  const two = (a: Record<string, string>, b: Record<string, string>, benchA = "toy", benchB = "toy") =>
    runs([
      { factors: a, benchmarks: { [benchA]: correctness(4, (i) => i < 2) } },
      { factors: b, benchmarks: { [benchB]: correctness(4, (i) => i < 3) } },
    ]);

  it("a run without the factor", async () => {
    const loaded = await two({ llm: "a" }, {});
    expect(() => buildDesign(loaded, ["llm"])).toThrow(DataError);
    expect(() => buildDesign(loaded, ["llm"])).toThrow(
      /run1\/results\.json: the run has no design factor "llm" \(it has no factors at all\)\. Record factors .*--factor llm=VALUE/,
    );
  });

  it("a factor with one level", async () => {
    const loaded = await two({ llm: "a", vision: "clip" }, { llm: "b", vision: "clip" });
    expect(() => buildDesign(loaded, ["llm", "vision"])).toThrow(/factor "vision" has a single level \(clip\) in all 2 runs/);
  });

  it("collinear factors: says which level repeats which", async () => {
    const loaded = await runs([
      { factors: { llm: "2b", vision: "clip" }, benchmarks: { toy: correctness(4, () => true) } },
      { factors: { llm: "7b", vision: "dino" }, benchmarks: { toy: correctness(4, () => true) } },
      { factors: { llm: "7b", vision: "dino" }, benchmarks: { toy: correctness(4, () => false) } },
    ]);
    expect(() => buildDesign(loaded, ["llm", "vision"])).toThrow(
      /factor "vision" level dino cannot be separated from the other factors: in every run its dummy equals \[llm=7b\].*run0\/results\.json \(llm=2b, vision=clip\)/,
    );
  });

  it("a level that is the complement of others (3 runs, 2 factors, intercept) is collinear too", async () => {
    const loaded = await runs([
      { factors: { a: "x", b: "q" }, benchmarks: { toy: correctness(4, () => true) } },
      { factors: { a: "y", b: "p" }, benchmarks: { toy: correctness(4, () => true) } },
    ]);
    // with baseline b=p, b's dummy "q" = intercept − a=y
    expect(() => buildDesign(loaded, ["a", "b"], { b: "p" })).toThrow(/level q .*equals \[the baseline design \(intercept\)\] − \[a=y\]/);
  });

  it("a baseline level that no run has, or for a factor not analysed", async () => {
    const loaded = await two({ llm: "a" }, { llm: "b" });
    expect(() => buildDesign(loaded, ["llm"], { llm: "c" })).toThrow(/--baseline llm=c: no run has that level \(levels: a, b\)/);
    expect(() => buildDesign(loaded, ["llm"], { vision: "c" })).toThrow(UsageError);
  });

  it("mismatched benchmarks between runs", async () => {
    const loaded = await two({ llm: "a" }, { llm: "b" }, "toy", "other");
    expect(() => analyseEffects(loaded, { factors: ["llm"] })).toThrow(
      /run1\/results\.json: the run has no results for toy \(.*run0\/results\.json has\)\. .*--bench/,
    );
  });

  it.each([
    ["llm=a,vision=b", { llm: "a", vision: "b" }],
    [" llm = a ", { llm: "a" }],
    [undefined, {}],
  ])("--baseline %j parses", (text, expected) => {
    expect(parseBaselineOption(text)).toEqual(expected);
  });

  it("--baseline without '=' is a usage error", () => {
    expect(() => parseBaselineOption("llm")).toThrow(/--baseline "llm" is not key=value/);
  });
});
