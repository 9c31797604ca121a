import type { ItemMetric, ItemMetricDesign, ScoredItem } from "../../src/types.js";

/** Each judge run's score of an item (scoreMmvet writes `meta.run_scores`), else its one `score`. */
const runScores = (item: ScoredItem): readonly number[] => {
  const runs = item.meta?.run_scores;
  return Array.isArray(runs) && runs.length > 0 && runs.every((s) => typeof s === "number") ? (runs as number[]) : [item.score ?? 0];
};

/**
 * A mean over judge runs of each run's mean item score — mmvetMetrics' order of operations, so
 * over all items it equals results.json exactly — over the items `where` selects (the others are
 * not used). Items are the units; tested by the paired randomization test.
 */
function runMean(key: string, gated: boolean, where: (item: ScoredItem) => boolean = () => true): ItemMetric {
  return {
    key,
    unit: "fraction",
    test: "bootstrap",
    gated,
    prepare(items): ItemMetricDesign {
      const selected = items.filter(where);
      const runs = Math.min(...selected.map((i) => runScores(i).length));
      const scores = Array.from({ length: Number.isFinite(runs) ? runs : 0 }, (_, r) =>
        Float64Array.from(selected, (i) => runScores(i)[r]!),
      );
      let unit = 0;
      return {
        strata: [selected.length],
        unitOf: Int32Array.from(items, (item) => (where(item) ? unit++ : -1)),
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
        sums: {
          dims: scores.length + 1, // each run's score, then 1 (the count)
          vectors: Float64Array.from({ length: selected.length * (scores.length + 1) }, (_, k) => {
            const r = k % (scores.length + 1);
            return r === scores.length ? 1 : scores[r]![Math.floor(k / (scores.length + 1))]!;
          }),
          fromSums(t) {
            let sum = 0;
            for (let r = 0; r < scores.length; r++) sum += t[r]! / t[scores.length]!;
            return sum / scores.length;
          },
        },
      };
    },
  };
}

/** MM-Vet's six capabilities; results.json reports `capabilities.<cap>` for those present. */
const CAPABILITIES = ["rec", "ocr", "know", "gen", "spat", "math"] as const;

const hasCapability =
  (cap: string) =>
  (item: ScoredItem): boolean => {
    const caps = item.meta?.capabilities;
    return Array.isArray(caps) && caps.includes(cap);
  };

/**
 * SPEC §3: `mmvet.total` (gated), and `mmvet.capabilities.<cap>` — the same mean over the
 * answers needing that capability (intervals only). Present only when a judge scored the run.
 */
export const mmvetItemMetrics: readonly ItemMetric[] = [
  runMean("total", true),
  ...CAPABILITIES.map((cap) => runMean(`capabilities.${cap}`, false, hasCapability(cap))),
];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One point of the judged total score. */
export const mmvetGateTolerances: Readonly<Record<string, number>> = { total: 0.01 };
