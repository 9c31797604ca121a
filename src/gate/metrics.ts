import { itemValue } from "../run-files.js";
import type { Benchmark, GateItem, GateMetric } from "../types.js";

/**
 * The metrics the gate compares for one benchmark: the benchmark's own (recomputed composites
 * such as POPE's mean F1) when it provides them, else the plain item mean —
 * `item_accuracy` (exact McNemar) when every item is 0/1, `item_score` (paired bootstrap) when
 * any item carries a graded score. Items with neither are not gated.
 */
export function gateMetricsFor(benchmark: Benchmark | undefined, items: readonly GateItem[]): GateMetric[] {
  if (benchmark?.gateMetrics !== undefined) return benchmark.gateMetrics(items);
  return genericGateMetrics(items);
}

export function genericGateMetrics(items: readonly GateItem[]): GateMetric[] {
  const scored = items.filter((i) => itemValue(i) !== undefined);
  if (scored.length === 0) return [];
  if (scored.every((i) => i.score === undefined)) {
    return [{ key: "item_accuracy", unit: "fraction", test: "mcnemar" }];
  }
  return [{ key: "item_score", unit: "fraction", test: "bootstrap", statistic: meanItemValue }];
}

/** Mean of score (or correct) over the resample; items without either count as 0 (unscored is wrong). */
export function meanItemValue(items: readonly GateItem[]): (indices: Uint32Array) => number {
  const values = Float64Array.from(items, (i) => itemValue(i) ?? 0);
  return (indices) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i]!]!;
    return sum / indices.length;
  };
}
