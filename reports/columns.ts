import type { Benchmark, GridColumn, MetricDisplay, Metrics, ResultsFile } from "../src/types.js";

/** One metric column of the Table 1 grid: a benchmark's declared column (Benchmark.columns) and whose it is. */
export interface MetricColumn extends GridColumn {
  benchmark: string;
}

/**
 * The grid's metric columns from the benchmark registry the caller hands in: every benchmark's
 * declared columns, in the paper's order (GridColumn.order; ties keep registry order). Reports
 * know no benchmark by name: an eighth benchmark brings its own columns.
 */
export function gridColumns(benchmarks: readonly Pick<Benchmark, "name" | "columns">[]): MetricColumn[] {
  const columns = benchmarks.flatMap((b) => (b.columns ?? []).map((c): MetricColumn => ({ ...c, benchmark: b.name })));
  return columns
    .map((c, i) => ({ c, i }))
    .sort((x, y) => x.c.order - y.c.order || x.i - y.i)
    .map(({ c }) => c);
}

/** The metric's value in a results file, or undefined when not run or not scored. */
export function metricValue(results: ResultsFile, column: MetricColumn): number | undefined {
  let node: number | Metrics | undefined = results.benchmarks[column.benchmark]?.metrics;
  for (const key of column.path) {
    if (node === undefined || typeof node === "number") return undefined;
    node = node[key];
  }
  return typeof node === "number" ? node : undefined;
}

export function formatMetric(value: number | undefined, display: MetricDisplay): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  if (display === "fraction") return value.toFixed(3);
  if (display === "percent") return (100 * value).toFixed(1);
  return Math.round(value).toString();
}

/** The column's result key (SPEC §3), e.g. `pope.f1`, `mme.cognition`. */
export const columnKey = (column: MetricColumn): string => `${column.benchmark}.${column.path.join(".")}`;

/** `[lo, hi]` in the column's display convention, e.g. `[0.571, 0.603]`. */
export function formatInterval(ci: readonly [number, number], display: MetricDisplay): string {
  return `[${formatMetric(ci[0], display)}, ${formatMetric(ci[1], display)}]`;
}

/** The row label: the config's name for the model when it has one, else `adapter:name`. */
export const modelLabel = (results: ResultsFile): string => results.model.label ?? `${results.model.adapter}:${results.model.name}`;
