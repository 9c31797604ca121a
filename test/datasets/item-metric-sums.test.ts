import { describe, expect, it } from "vitest";
import { drawAnswers, mmeSamples, modelProbabilities, popeSamples, scoreItems, seeded } from "../../bench/fixtures/gate-runs.js";
import { gqaItemMetrics } from "../../datasets/gqa/item-metrics.js";
import { benchmarks } from "../../datasets/index.js";
import { mmeItemMetrics } from "../../datasets/mme/item-metrics.js";
import { mmvetItemMetrics } from "../../datasets/mmvet/item-metrics.js";
import { mmvpItemMetrics } from "../../datasets/mmvp/item-metrics.js";
import { popeItemMetrics } from "../../datasets/pope/item-metrics.js";
import { vqav2ItemMetrics } from "../../datasets/vqav2/item-metrics.js";
import { resampler } from "../../src/stats/resample.js";
import type { ItemMetric, ScoredItem } from "../../src/types.js";

/** fromSums(Σ_u w_u·v_u, per stratum) — the gate's reduced form — must be value(w) for any weights. */
function checkSums(metrics: readonly ItemMetric[], items: readonly ScoredItem[]): void {
  for (const metric of metrics) {
    const design = metric.prepare(items);
    const { dims, vectors, fromSums } = design.sums;
    const units = design.strata.reduce((s, x) => s + x, 0);
    expect(vectors.length, metric.key).toBe(units * dims);
    const draw = resampler(design.strata, 4);
    const weights = new Uint32Array(units);
    for (let r = 0; r < 5; r++) {
      if (r === 0) weights.fill(1);
      else draw(weights);
      const sums = new Float64Array(design.strata.length * dims);
      let u = 0;
      design.strata.forEach((size, s) => {
        for (const end = u + size; u < end; u++) for (let d = 0; d < dims; d++) sums[s * dims + d]! += weights[u]! * vectors[u * dims + d]!;
      });
      const expected = design.value(weights);
      if (Number.isNaN(expected)) expect(fromSums(sums), metric.key).toBeNaN();
      else expect(fromSums(sums), metric.key).toBeCloseTo(expected, 10);
    }
  }
}

describe("every item metric's reduced form (sums) gives its value", () => {
  const rng = seeded(11);
  it("POPE (splits × confusion cells) and MME (tasks × image counts), on scored runs", () => {
    const pope = popeSamples();
    checkSums(popeItemMetrics, scoreItems("pope", pope, drawAnswers(pope, modelProbabilities(pope.length, 0.8, 1, rng), rng)));
    const mme = mmeSamples();
    checkSums(mmeItemMetrics, scoreItems("mme", mme, drawAnswers(mme, modelProbabilities(mme.length, 0.8, 1, rng), rng)));
  });

  it("means over items (GQA, VQAv2 with breakdowns), MMVP pairs (one incomplete) and MM-Vet judge runs", () => {
    const types = ["yes/no", "number", "other"];
    checkSums(
      vqav2ItemMetrics,
      Array.from({ length: 300 }, (_, i) => ({
        id: `${i}`,
        parsed: "x",
        score: [0, 0.3, 0.6, 0.9, 1][i % 5]!,
        meta: { answer_type: types[i % 3] },
      })),
    );
    checkSums(
      gqaItemMetrics,
      Array.from({ length: 200 }, (_, i) => ({
        id: `${i}`,
        parsed: "x",
        correct: (i % 3 === 0 ? 1 : 0) as 0 | 1,
        meta: { answer_type: i % 2 ? "binary" : "open" },
      })),
    );
    checkSums(
      mmvpItemMetrics,
      Array.from({ length: 41 }, (_, i) => ({
        id: `${i}`,
        parsed: "a",
        correct: (rng() < 0.6 ? 1 : 0) as 0 | 1,
        meta: { pair: Math.floor(i / 2) },
      })),
    );
    checkSums(
      mmvetItemMetrics,
      Array.from({ length: 60 }, (_, i) => ({
        id: `${i}`,
        parsed: "x",
        score: 0.5,
        meta: { run_scores: [rng(), Math.round(rng() * 10) / 10], capabilities: i % 2 ? ["rec", "ocr"] : ["math"] },
      })),
    );
  });
});

describe("gate tolerances are declared by each benchmark, for gated metrics only", () => {
  it.each(benchmarks.map((b) => [b.name, b] as const))("%s", (_, benchmark) => {
    const gated = (benchmark.itemMetrics ?? [])
      .filter((m) => m.gated)
      .map((m) => m.key)
      .sort();
    expect(Object.keys(benchmark.gateTolerances ?? {}).sort()).toEqual(gated);
    for (const value of Object.values(benchmark.gateTolerances ?? {})) expect(value).toBeGreaterThan(0);
  });
});
