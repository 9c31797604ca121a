import type { BootstrapOptions } from "../src/stats/bootstrap-ci.js";
import type { Benchmark } from "../src/types.js";
import { addIntervals } from "./ci.js";
import { gridColumns } from "./columns.js";
import { renderGrid, type TableFormat } from "./formats.js";
import { buildGrid, type Grid } from "./grid.js";
import { renderHtml } from "./html/report.js";
import { collectReportData, type ReportSampleOptions } from "./html/samples.js";
import type { LoadedSource } from "./load-sources.js";

export interface TableOptions extends ReportSampleOptions {
  /** The benchmark registry: its declared grid columns, and item metrics that say how `--ci` recomputes each metric. */
  benchmarks: readonly Benchmark[];
  /** Compute 95% bootstrap intervals from items.jsonl, store them in each results.json and show them. */
  ci?: boolean;
  bootstrap?: BootstrapOptions;
  /** All metric columns even for benchmarks no row has. */
  allColumns?: boolean;
  /** HTML page title. */
  title?: string;
}

/**
 * The grid of the given results in one format, plus the footnotes (also part of every format but
 * CSV). Columns and item metrics come from `options.benchmarks`, the registry the caller hands in.
 */
export async function renderTable(
  sources: LoadedSource[],
  format: TableFormat,
  options: TableOptions,
): Promise<{ text: string; grid: Grid }> {
  const { benchmarks } = options;
  if (options.ci === true) {
    const findBenchmark = (name: string) => benchmarks.find((b) => b.name === name);
    for (const source of sources) source.notes = [...(source.notes ?? []), ...addIntervals(source, findBenchmark, options.bootstrap)];
  }
  const grid = buildGrid(sources, { columns: gridColumns(benchmarks), ci: options.ci, allColumns: options.allColumns });
  if (format !== "html") return { text: renderGrid(grid, format), grid };
  const { data, notes } = await collectReportData(sources, options);
  grid.notes.push(...notes);
  return { text: renderHtml(grid, data, options.title), grid };
}
