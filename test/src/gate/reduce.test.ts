import path from "node:path";
import { describe, expect, it } from "vitest";
import { drawAnswers, mmeSamples, modelProbabilities, popeSamples, scoreItems, seeded } from "../../../bench/fixtures/gate-runs.js";
import { mme } from "../../../datasets/mme/index.js";
import { pope } from "../../../datasets/pope/index.js";
import { gate } from "../../../src/gate/compare.js";
import { deltaMethodInterval, reducePair } from "../../../src/gate/reduce.js";
import { loadRun } from "../../../src/run-folder/index.js";
import { pairedBootstrap } from "../../../src/stats/paired-bootstrap.js";
import type { Benchmark } from "../../../src/types.js";
import { binaryItems, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

describe("reduced pair", () => {
  it("keeps only the sums and the discordant groups: a unit that changes nothing is in no group", () => {
    const yesNo = popeSamples().slice(0, 6); // random/1..6
    const base = scoreItems("pope", yesNo, ["no", "yes", "no", "yes", "no", "yes"]);
    const cand = scoreItems("pope", yesNo, ["no", "no", "no", "yes", "yes", "yes"]);
    const design = pope.itemMetrics![1]!; // f1
    const pair = reducePair(design.prepare(base), design.prepare(cand));
    // Cells TP, FP, TN, FN, other: base 3 TP + 3 TN; candidate item 2 TP→FN, item 5 TN→FP.
    expect([...pair.baseline]).toEqual([3, 0, 3, 0, 0]);
    expect([...pair.candidate]).toEqual([2, 1, 2, 1, 0]);
    expect(pair.groups.map((g) => [g.count, [...g.delta]])).toEqual([
      [1, [-1, 0, 0, 1, 0]],
      [1, [0, 1, -1, 0, 0]],
    ]);
  });

  it.each([
    ["pope", pope as Benchmark, popeSamples()],
    ["mme", mme as Benchmark, mmeSamples()],
  ] as const)("%s: the delta-method interval agrees with the paired bootstrap's percentile interval", (name, benchmark, samples) => {
    const rng = seeded(3);
    const p = modelProbabilities(samples.length, 0.8, 1, rng);
    const a = scoreItems(name, samples, drawAnswers(samples, p, rng));
    const b = scoreItems(name, samples, drawAnswers(samples, p, rng, 0.01));
    for (const metric of benchmark.itemMetrics!.filter((m) => m.gated)) {
      const [da, db] = [metric.prepare(a), metric.prepare(b)];
      const [low, high] = deltaMethodInterval(reducePair(da, db), 0.95);
      const boot = pairedBootstrap(da.strata, da.value, db.value, { resamples: 2000, seed: 1 }).ci;
      const width = boot[1] - boot[0];
      expect(Math.abs(low - boot[0]), metric.key).toBeLessThan(0.08 * width);
      expect(Math.abs(high - boot[1]), metric.key).toBeLessThan(0.08 * width);
    }
  });
});

describe("Holm across benchmarks in one gate call", () => {
  it("adjusts every gated metric's one-sided p together (hand-worked)", async () => {
    const dir = tempDir();
    // one: 4 lost, none gained → p = 1/16; two: 6 lost → p = 1/64; three: 1 lost, 1 gained → p = 3/4.
    const base = writeRun(path.join(dir, "a"), {
      benchmarks: { one: binaryItems(20, () => true), two: binaryItems(20, () => true), three: binaryItems(20, (i) => i !== 0) },
    });
    const cand = writeRun(path.join(dir, "b"), {
      benchmarks: { one: binaryItems(20, (i) => i >= 4), two: binaryItems(20, (i) => i >= 6), three: binaryItems(20, (i) => i !== 1) },
    });
    const report = gate(await loadRun(base), await loadRun(cand), { policy: { alpha: 0.05, maxDropPerMetric: {} } });
    const byName = Object.fromEntries(report.benchmarks.map((b) => [b.benchmark, b.metrics[0]!]));
    // Sorted: two 1/64 × 3 = 3/64; one 1/16 × 2 = 1/8; three 3/4 × 1 = 3/4.
    expect(byName.two!.pDrop).toBeCloseTo(1 / 64, 14);
    expect(byName.two!.adjustedP).toBeCloseTo(3 / 64, 14);
    expect(byName.one!.adjustedP).toBeCloseTo(1 / 8, 14);
    expect(byName.three!.adjustedP).toBeCloseTo(3 / 4, 14);
    expect(report.family).toBe(3);
    // two: Δ −0.3, adjusted p 0.047 < 0.05 → regression; one: 0.125 → insignificant drop.
    expect(byName.two!.status).toBe("regression");
    expect(byName.one!.status).toBe("insignificant drop");
    expect(report.exitCode).toBe(1);
  });
});
