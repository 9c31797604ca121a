import type { ItemMetric, ItemMetricDesign, ScoredItem } from "../../src/types.js";

/** Each judge run's score of an item (scoreMmvet writes `meta.run_scores`), else its one `score`. */
const runScores = (item: ScoredItem): readonly number[] => {
  const runs = item.meta?.run_scores;
  return Array.isArray(runs) && runs.length > 0 && runs.every((s) => typeof s === "number") ? (runs as number[]) : [item.score ?? 0];
};

/**
 * MM-Vet's total from graded items (present only when a judge scored the run): per judge run
 * the mean score, then the mean over runs — mmvetMetrics' order of operations, so the value
 * equals results.json's `total` exactly. Items are the units; tested by paired bootstrap.
 */
const total: ItemMetric = {
  key: "total",
  unit: "fraction",
  test: "bootstrap",
  gated: true,
  prepare(items): ItemMetricDesign {
    const runs = Math.min(...items.map((i) => runScores(i).length));
    const scores = Array.from({ length: Number.isFinite(runs) ? runs : 0 }, (_, r) => Float64Array.from(items, (i) => runScores(i)[r]!));
    return {
      strata: [items.length],
      unitOf: Int32Array.from(items, (_, i) => i),
      value(weights) {
        let sum = 0;
        for (const run of scores) {
          let runSum = 0;
          let n = 0;
          for (let i = 0; i < run.length; i++) {
            runSum += weights[i]! * run[i]!;
            n += weights[i]!;
          }
          sum += runSum / n;
        }
        return sum / scores.length;
      },
    };
  },
};

/** SPEC §3: `mmvet.total`. */
export const mmvetItemMetrics: readonly ItemMetric[] = [total];
