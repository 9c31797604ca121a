import { itemMetricsFor } from "../src/item-metrics/generic.js";
import { metricAt } from "../src/item-metrics/group.js";
import type { ItemLine } from "../src/run-folder/index.js";
import { BOOTSTRAP_DEFAULTS, type BootstrapOptions, bootstrapCi } from "../src/stats/bootstrap-ci.js";
import { allOnes } from "../src/stats/resample.js";
import type { Benchmark, ConfidenceIntervals, ResultsFile } from "../src/types.js";
import { modelLabel } from "./columns.js";

/** The registry lookup the CLI passes in: reports know no benchmark by name. */
export type FindBenchmark = (name: string) => Benchmark | undefined;

/**
 * Percentile-bootstrap intervals (95% by default) for every metric of every benchmark in
 * `results` that its item metrics recompute (the benchmark's `itemMetrics`: all nine grid
 * columns, MMVP's question accuracy, MME's per-task scores), resampled over each metric's own
 * units and strata. A metric whose recomputation from all items does not give the value in
 * results.json gets no interval and a note instead: an interval around a different number
 * would be wrong.
 */
export function computeIntervals(
  results: ResultsFile,
  items: readonly ItemLine[],
  findBenchmark: FindBenchmark,
  options: BootstrapOptions = {},
): { intervals: Map<string, ConfidenceIntervals>; notes: string[] } {
  const settings = { ...BOOTSTRAP_DEFAULTS, ...options };
  const intervals = new Map<string, ConfidenceIntervals>();
  const notes: string[] = [];
  const byBenchmark = new Map<string, ItemLine[]>();
  for (const item of items) {
    const list = byBenchmark.get(item.benchmark);
    if (list === undefined) byBenchmark.set(item.benchmark, [item]);
    else list.push(item);
  }
  for (const [name, result] of Object.entries(results.benchmarks)) {
    const own = byBenchmark.get(name) ?? [];
    const metrics = itemMetricsFor(findBenchmark(name), own).filter((m) => metricAt(result.metrics, m.key) !== undefined);
    if (metrics.length > 0 && own.length === 0) {
      notes.push(`${modelLabel(results)}, ${name}: no items in items.jsonl, so no confidence intervals.`);
      continue;
    }
    for (const metric of metrics) {
      const value = metricAt(result.metrics, metric.key)!;
      const label = `${modelLabel(results)}, ${name}.${metric.key}`;
      const design = metric.prepare(own);
      const recomputed = design.value(allOnes(design.strata));
      if (!(Math.abs(recomputed - value) <= 1e-9 * Math.max(1, Math.abs(value)))) {
        notes.push(
          `${label}: recomputing it from items.jsonl gives ${recomputed}, not ${value}, so no confidence interval (are results.json and items.jsonl from the same run?).`,
        );
        continue;
      }
      let entry = intervals.get(name);
      if (entry === undefined) {
        intervals.set(name, (entry = { level: settings.level, resamples: settings.resamples, seed: settings.seed, metrics: {} }));
      }
      entry.metrics[metric.key] = bootstrapCi(design.strata, design.value, settings);
    }
  }
  return { intervals, notes };
}
