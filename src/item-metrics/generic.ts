import type { Benchmark, ItemMetric, ItemMetricDesign, MetricUnit, ScoredItem } from "../types.js";

/**
 * The share of items with correct = 1 (an item without `correct` counts as wrong), each item
 * its own unit in one stratum: a plain 0/1 accuracy, which the gate tests with exact McNemar.
 * Over all items it is (number right) / n, as every scorer divides.
 */
export function shareCorrect(key: string, gated = true): ItemMetric {
  return {
    key,
    unit: "fraction",
    test: "mcnemar",
    gated,
    prepare: (items) => weightedMean(items.map((i) => i.correct ?? 0)),
  };
}

/**
 * The mean graded score (an item without `score` counts as 0), each item its own unit: tested
 * with the paired bootstrap. Summed in item order, as the scorers sum, so the mean over all
 * items is bit-for-bit theirs.
 */
export function meanScore(key: string, unit: MetricUnit = "fraction", gated = true): ItemMetric {
  return { key, unit, test: "bootstrap", gated, prepare: (items) => weightedMean(items.map((i) => i.score ?? 0)) };
}

/**
 * A breakdown of a plain accuracy or mean score: the same mean over the items `where` selects
 * (GQA's binary questions, VQAv2's "number" answers, …), each selected item its own unit; the
 * rest are not used. Breakdowns get intervals and are not gated unless `gated`.
 */
export function meanWhere(key: string, where: (item: ScoredItem) => boolean, of: "correct" | "score", gated = false): ItemMetric {
  return {
    key,
    unit: "fraction",
    test: of === "correct" ? "mcnemar" : "bootstrap",
    gated,
    prepare(items) {
      const selected = items.map(where);
      const values = items.flatMap((item, i) => (selected[i] ? [(of === "correct" ? item.correct : item.score) ?? 0] : []));
      const design = weightedMean(values);
      let unit = 0;
      return { ...design, unitOf: Int32Array.from(selected, (s) => (s ? unit++ : -1)) };
    },
  };
}

/** One unit per item, one stratum: the weighted mean of `values`. */
export function weightedMean(values: readonly number[]): ItemMetricDesign {
  const v = Float64Array.from(values);
  return {
    strata: [v.length],
    unitOf: Int32Array.from(v, (_, i) => i),
    value: (weights) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < v.length; i++) {
        const w = weights[i]!;
        if (w === 0) continue;
        sum += w * v[i]!;
        n += w;
      }
      return sum / n;
    },
    sums: { dims: 2, vectors: valueAndOne(v), fromSums: (t) => t[0]! / t[1]! },
  };
}

/** Per unit (value, 1): the reduced form of a mean (Σ values, count). */
export function valueAndOne(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * values.length);
  for (let i = 0; i < values.length; i++) {
    out[2 * i] = values[i]!;
    out[2 * i + 1] = 1;
  }
  return out;
}

/**
 * The benchmark's own item metrics, or — for a benchmark without any (or unknown to the
 * registry) — the plain item mean: `item_accuracy` (McNemar) when every scored item is 0/1,
 * `item_score` (paired bootstrap) when any is graded, nothing when no item is scored.
 */
export function itemMetricsFor(benchmark: Benchmark | undefined, items: readonly ScoredItem[]): readonly ItemMetric[] {
  if (benchmark?.itemMetrics !== undefined) return benchmark.itemMetrics;
  return genericItemMetrics(items);
}

export function genericItemMetrics(items: readonly ScoredItem[]): ItemMetric[] {
  const scored = items.filter((i) => i.score !== undefined || i.correct !== undefined);
  if (scored.length === 0) return [];
  if (scored.every((i) => i.score === undefined)) return [shareCorrect("item_accuracy")];
  // Mixed items: a 0/1 item counts as its correctness.
  return [
    {
      key: "item_score",
      unit: "fraction",
      test: "bootstrap",
      gated: true,
      prepare: (list) => weightedMean(list.map((i) => i.score ?? i.correct ?? 0)),
    },
  ];
}
