import { writeFileSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { computeIntervals, type FindBenchmark } from "../../reports/ci.js";
import { modelLabel } from "../../reports/columns.js";
import { tableFormat } from "../../reports/formats.js";
import { type ReportSource, reportSource } from "../../reports/sources.js";
import { renderTable } from "../../reports/table.js";
import { UsageError } from "../../src/errors.js";
import { type RunFolder, readRunFolder, writeResultsFile } from "../../src/run-folder/index.js";
import type { BootstrapOptions } from "../../src/stats/bootstrap-ci.js";
import { explainOverlays } from "./explain-overlays.js";
import { sampleLoader } from "./sample-loader.js";

export interface TableCommandOptions {
  format?: string;
  out?: string;
  ci?: boolean;
  allColumns?: boolean;
  data?: string;
  samples?: number;
  /** A `vlm-bench explain` output folder: its overlays appear in the HTML sample browser. */
  explain?: string;
}

/** `vlm-bench table RESULTS.json...`: the grid of any results files, in one format. */
export async function tableCommand(files: string[], options: TableCommandOptions): Promise<void> {
  if (files.length === 0) throw new UsageError("give at least one results.json (or run folder): vlm-bench table RUN/results.json ...");
  const format = tableFormat(options.format, options.out);
  // Every file is read and checked before any output: an unreadable or damaged one is a DataError naming it.
  const runs = files.map((file) => readRunFolder(file, { predictions: true }));
  const findBenchmark: FindBenchmark = (name) => benchmarks.find((b) => b.name === name);
  const sources = runs.map((run): ReportSource => {
    const source = reportSource(run);
    return options.ci === true ? { ...source, notes: [...(source.notes ?? []), ...storeIntervals(run, findBenchmark)] } : source;
  });
  const { text, grid } = await renderTable(sources, format, {
    ci: options.ci,
    benchmarks,
    allColumns: options.allColumns,
    limit: options.samples,
    loadSamples: options.data !== undefined ? sampleLoader(options.data) : undefined,
    ...(options.explain !== undefined ? { overlays: await explainOverlays(options.explain, format) } : {}),
  });
  for (const note of grid.notes) process.stderr.write(`note: ${note}\n`);
  if (options.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(path.resolve(options.out), text);
    process.stderr.write(`wrote ${options.out}\n`);
  }
}

/**
 * `table --ci`: computes the intervals of one run from its items.jsonl and stores them back into
 * its results.json (benchmarks.<b>.ci); returns the footnotes. Without items.jsonl, intervals
 * stored earlier are kept and shown.
 */
export function storeIntervals(run: RunFolder, findBenchmark: FindBenchmark, options: BootstrapOptions = {}): string[] {
  const { results } = run;
  if (run.items === null) {
    const stored = Object.values(results.benchmarks).some((b) => b.ci !== undefined);
    return stored ? [] : [`${modelLabel(results)}: no items.jsonl next to ${run.resultsFile}, so no confidence intervals.`];
  }
  const items = [...run.items.values()].flat();
  const { intervals, notes } = computeIntervals(results, items, findBenchmark, options);
  for (const [benchmark, ci] of intervals) results.benchmarks[benchmark]!.ci = ci;
  if (intervals.size > 0) writeResultsFile(run.resultsFile, results);
  return notes;
}
