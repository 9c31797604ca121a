import type { Metrics, ResultsFile } from "../src/types.js";

/** One metric column of the Table 1 grid, in the paper's order and display convention (SPEC §6). */
export interface MetricColumn {
  label: string;
  benchmark: string;
  /** Path into the benchmark's metrics, e.g. ["accuracy"]. */
  path: readonly string[];
  /** How the paper prints it. */
  display: "fraction" | "percent" | "points";
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { label: "GQA", benchmark: "gqa", path: ["accuracy"], display: "fraction" },
  { label: "MME Cog.", benchmark: "mme", path: ["cognition"], display: "points" },
  { label: "MME Per.", benchmark: "mme", path: ["perception"], display: "points" },
  { label: "MM-Vet", benchmark: "mmvet", path: ["total"], display: "percent" },
  { label: "POPE Acc.", benchmark: "pope", path: ["accuracy"], display: "fraction" },
  { label: "POPE F1", benchmark: "pope", path: ["f1"], display: "fraction" },
  { label: "VQAv2", benchmark: "vqav2", path: ["accuracy"], display: "percent" },
  { label: "MMVP", benchmark: "mmvp", path: ["accuracy"], display: "fraction" },
  { label: "ScienceQA-IMG", benchmark: "scienceqa", path: ["accuracy"], display: "fraction" },
];

/** The metric's value in a results file, or undefined when not run or not scored. */
export function metricValue(results: ResultsFile, column: MetricColumn): number | undefined {
  let node: number | Metrics | undefined = results.benchmarks[column.benchmark]?.metrics;
  for (const key of column.path) {
    if (node === undefined || typeof node === "number") return undefined;
    node = node[key];
  }
  return typeof node === "number" ? node : undefined;
}

export function formatMetric(value: number | undefined, display: MetricColumn["display"]): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  if (display === "fraction") return value.toFixed(3);
  if (display === "percent") return (100 * value).toFixed(1);
  return Math.round(value).toString();
}

/** The column's result key (SPEC §3), e.g. `pope.f1`, `mme.cognition`. */
export const columnKey = (column: MetricColumn): string => `${column.benchmark}.${column.path.join(".")}`;

/** `[lo, hi]` in the column's display convention, e.g. `[0.571, 0.603]`. */
export function formatInterval(ci: readonly [number, number], display: MetricColumn["display"]): string {
  return `[${formatMetric(ci[0], display)}, ${formatMetric(ci[1], display)}]`;
}

/** The row label: the config's name for the model when it has one, else `adapter:name`. */
export const modelLabel = (results: ResultsFile): string =>
  results.model.label ?? `${results.model.adapter}:${results.model.name}`;
