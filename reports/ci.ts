import { writeFileAtomic, type ItemLine } from "../src/results.js";
import { bootstrapCi, BOOTSTRAP_DEFAULTS, type BootstrapOptions } from "../src/stats/bootstrap-ci.js";
import type { ConfidenceIntervals, ResultsFile } from "../src/types.js";
import { columnKey, METRIC_COLUMNS, metricValue, modelLabel } from "./columns.js";
import { ITEM_STATISTICS } from "./item-statistics.js";
import type { LoadedSource } from "./load-sources.js";

/**
 * 95% percentile-bootstrap intervals for every grid metric of every benchmark in `results`,
 * recomputed from items.jsonl (see item-statistics.ts). A metric whose recomputation from all
 * items does not give the value in results.json gets no interval and a note instead: an
 * interval around a different number would be wrong.
 */
export function computeIntervals(
  results: ResultsFile,
  items: readonly ItemLine[],
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
  for (const column of METRIC_COLUMNS) {
    const value = metricValue(results, column);
    const statistic = ITEM_STATISTICS[columnKey(column)];
    if (value === undefined || statistic === undefined) continue;
    const own = byBenchmark.get(column.benchmark) ?? [];
    const label = `${modelLabel(results)}, ${columnKey(column)}`;
    if (own.length === 0) {
      notes.push(`${label}: no items in items.jsonl, so no confidence interval.`);
      continue;
    }
    const strata = statistic.strata(own);
    const recomputed = statistic.statistic(strata);
    if (!(Math.abs(recomputed - value) <= 1e-9 * Math.max(1, Math.abs(value)))) {
      notes.push(`${label}: recomputing it from items.jsonl gives ${recomputed}, not ${value}, so no confidence interval (are results.json and items.jsonl from the same run?).`);
      continue;
    }
    let entry = intervals.get(column.benchmark);
    if (entry === undefined) {
      intervals.set(column.benchmark, (entry = { level: settings.level, resamples: settings.resamples, seed: settings.seed, metrics: {} }));
    }
    entry.metrics[column.path.join(".")] = bootstrapCi(strata, statistic.statistic, settings);
  }
  return { intervals, notes };
}

/**
 * `table --ci`: computes the intervals of one results file and stores them back into it
 * (benchmarks.<b>.ci). Without items.jsonl, intervals stored earlier are kept and shown.
 */
export function addIntervals(source: LoadedSource, options: BootstrapOptions = {}): string[] {
  if (source.items === undefined) {
    const stored = Object.values(source.results.benchmarks).some((b) => b.ci !== undefined);
    return stored ? [] : [`${modelLabel(source.results)}: no items.jsonl next to ${source.file}, so no confidence intervals.`];
  }
  const { intervals, notes } = computeIntervals(source.results, source.items, options);
  for (const [benchmark, ci] of intervals) source.results.benchmarks[benchmark]!.ci = ci;
  if (intervals.size > 0) writeFileAtomic(source.file, JSON.stringify(source.results, null, 2) + "\n");
  return notes;
}
