import type { BootstrapOptions } from "../src/stats/bootstrap-ci.js";
import { addIntervals, type FindBenchmark } from "./ci.js";
import { renderGrid, type TableFormat } from "./formats.js";
import { buildGrid, type Grid } from "./grid.js";
import { renderHtml } from "./html/report.js";
import { collectReportData, type ReportSampleOptions } from "./html/samples.js";
import type { LoadedSource } from "./load-sources.js";

export interface TableOptions extends ReportSampleOptions {
  /** Compute 95% bootstrap intervals from items.jsonl, store them in each results.json and show them. */
  ci?: boolean;
  bootstrap?: BootstrapOptions;
  /** The benchmark registry, whose item metrics say how each metric is recomputed (default: none, plain item means only). */
  findBenchmark?: FindBenchmark;
  /** All nine metric columns even for benchmarks no row has. */
  allColumns?: boolean;
  /** HTML page title. */
  title?: string;
}

/** The grid of the given results in one format, plus the footnotes (also part of every format but CSV). */
export async function renderTable(
  sources: LoadedSource[],
  format: TableFormat,
  options: TableOptions = {},
): Promise<{ text: string; grid: Grid }> {
  if (options.ci === true) {
    for (const source of sources) source.notes = [...(source.notes ?? []), ...addIntervals(source, options.findBenchmark ?? (() => undefined), options.bootstrap)];
  }
  const grid = buildGrid(sources, { ci: options.ci, allColumns: options.allColumns });
  if (format !== "html") return { text: renderGrid(grid, format), grid };
  const { data, notes } = await collectReportData(sources, options);
  grid.notes.push(...notes);
  return { text: renderHtml(grid, data, options.title), grid };
}
