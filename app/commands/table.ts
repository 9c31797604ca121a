import { writeFileSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { tableFormat } from "../../reports/formats.js";
import { loadSource } from "../../reports/load-sources.js";
import { renderTable } from "../../reports/table.js";
import { UsageError } from "../../src/errors.js";
import { sampleLoader } from "./sample-loader.js";

export interface TableCommandOptions {
  format?: string;
  out?: string;
  ci?: boolean;
  allColumns?: boolean;
  data?: string;
  samples?: number;
}

/** `vlm-bench table RESULTS.json...`: the grid of any results files, in one format. */
export async function tableCommand(files: string[], options: TableCommandOptions): Promise<void> {
  if (files.length === 0) throw new UsageError("give at least one results.json (or run folder): vlm-bench table RUN/results.json ...");
  const format = tableFormat(options.format, options.out);
  const sources = files.map(loadSource); // an unreadable file is a DataError naming it, before any output
  const { text, grid } = await renderTable(sources, format, {
    ci: options.ci,
    benchmarks,
    allColumns: options.allColumns,
    limit: options.samples,
    loadSamples: options.data !== undefined ? sampleLoader(options.data) : undefined,
  });
  for (const note of grid.notes) process.stderr.write(`note: ${note}\n`);
  if (options.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(path.resolve(options.out), text);
    process.stderr.write(`wrote ${options.out}\n`);
  }
}
