import { writeFileSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { computeIntervals, type FindBenchmark } from "../../reports/ci.js";
import { modelLabel } from "../../reports/columns.js";
import { tableFormat } from "../../reports/formats.js";
import { comparePairs } from "../../reports/html/compare-data.js";
import { type ReportSource, reportSource } from "../../reports/sources.js";
import { renderTable } from "../../reports/table.js";
import { UsageError } from "../../src/errors.js";
import { type RunFolder, readRunFolder, writeResultsFile } from "../../src/run-folder/index.js";
import type { BootstrapOptions } from "../../src/stats/bootstrap-ci.js";
import { explainOverlays } from "./explain-overlays.js";
import { reportEffects } from "./report-effects.js";
import { bundledSampleLoader, sampleLoader } from "./sample-loader.js";

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
  // The HTML report always shows intervals, computed seeded as --ci does; only --ci stores them in results.json.
  const withCi = options.ci === true || format === "html";
  const sources = runs.map((run): ReportSource => {
    const source = reportSource(run);
    if (!withCi) return source;
    const notes = options.ci === true ? storeIntervals(run, findBenchmark) : attachIntervals(run, findBenchmark);
    return { ...source, notes: [...(source.notes ?? []), ...notes] };
  });
  const effects = format === "html" ? reportEffects(runs) : { notes: [] };
  // #compare: what `vlm-bench gate` (no flags) says of every ordered pair of these runs.
  const pairs = format === "html" && runs.length >= 2 ? comparePairs(runs, { findBenchmark }) : undefined;
  if (effects.notes.length > 0) sources[0] = { ...sources[0]!, notes: [...(sources[0]!.notes ?? []), ...effects.notes] };
  const { text, grid } = await renderTable(sources, format, {
    ...(effects.svg !== undefined ? { effectsSvg: effects.svg } : {}),
    ci: withCi,
    benchmarks,
    allColumns: options.allColumns,
    limit: options.samples,
    ...(pairs !== undefined ? { pairs } : {}),
    loadSamples: options.data !== undefined ? sampleLoader(options.data) : bundledSampleLoader(runs.map((r) => r.results)),
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
  const { notes, computed } = intervalsInMemory(run, findBenchmark, options);
  if (computed) writeResultsFile(run.resultsFile, run.results);
  return notes;
}

/** The intervals `table --ci` computes, set on the run's results in memory only (the HTML report's grid); returns the footnotes. */
export function attachIntervals(run: RunFolder, findBenchmark: FindBenchmark, options: BootstrapOptions = {}): string[] {
  return intervalsInMemory(run, findBenchmark, options).notes;
}

function intervalsInMemory(
  run: RunFolder,
  findBenchmark: FindBenchmark,
  options: BootstrapOptions,
): { notes: string[]; computed: boolean } {
  const { results } = run;
  if (run.items === null) {
    const stored = Object.values(results.benchmarks).some((b) => b.ci !== undefined);
    return {
      notes: stored ? [] : [`${modelLabel(results)}: no items.jsonl next to ${run.resultsFile}, so no confidence intervals.`],
      computed: false,
    };
  }
  const items = [...run.items.values()].flat();
  const { intervals, notes } = computeIntervals(results, items, findBenchmark, options);
  for (const [benchmark, ci] of intervals) results.benchmarks[benchmark]!.ci = ci;
  return { notes, computed: intervals.size > 0 };
}
