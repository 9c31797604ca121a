import type { Benchmark } from "../src/types.js";
import { gridColumns } from "./columns.js";
import { renderGrid, type TableFormat } from "./formats.js";
import { buildGrid, type Grid } from "./grid.js";
import { renderHtml } from "./html/report.js";
import { collectReportData, type ReportSampleOptions } from "./html/samples.js";
import type { ReportSource } from "./sources.js";

export interface TableOptions extends ReportSampleOptions {
  /** The benchmark registry: its declared grid columns. */
  benchmarks: readonly Benchmark[];
  /** Show the bootstrap intervals the results carry (`benchmarks.<b>.ci`; `table --ci` computes and stores them first). */
  ci?: boolean;
  /** All metric columns even for benchmarks no row has. */
  allColumns?: boolean;
  /** HTML page title. */
  title?: string;
  /** HTML: the design-effects plot (SVG markup from reports/effects-svg.ts), when the runs' factors vary. */
  effectsSvg?: string;
}

/**
 * The grid of the given results in one format, plus the footnotes (also part of every format but
 * CSV). Columns come from `options.benchmarks`, the registry the caller hands in.
 */
export async function renderTable(
  sources: readonly ReportSource[],
  format: TableFormat,
  options: TableOptions,
): Promise<{ text: string; grid: Grid }> {
  const grid = buildGrid(sources, { columns: gridColumns(options.benchmarks), ci: options.ci, allColumns: options.allColumns });
  if (format !== "html") return { text: renderGrid(grid, format), grid };
  const { data, notes } = await collectReportData(sources, options);
  grid.notes.push(...notes);
  return {
    text: renderHtml(grid, data, { title: options.title, runs: sources.map((s) => s.results), effectsSvg: options.effectsSvg }),
    grid,
  };
}
