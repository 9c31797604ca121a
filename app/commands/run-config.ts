import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { adapterFactories, parseModelOption } from "../../adapters/index.js";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { renderGrid } from "../../reports/formats.js";
import { buildGrid } from "../../reports/grid.js";
import { comparePairs } from "../../reports/html/compare-data.js";
import { renderHtml } from "../../reports/html/report.js";
import { collectReportData } from "../../reports/html/samples.js";
import { type ReportSource, reportSource } from "../../reports/sources.js";
import { loadConfig } from "../../src/config/load.js";
import type { VlmBenchConfig } from "../../src/config/types.js";
import { UsageError, VlmBenchError } from "../../src/errors.js";
import { resolvePolicy } from "../../src/gate/config.js";
import { RESULTS_FILE, type RunFolder, readRunFolder } from "../../src/run-folder/index.js";
import { type OptionValues, refuseUnusedAdapterOptions, refuseWithConfig, runOptionsFor, withCommandLinePaths } from "../config-options.js";
import { checkJudgeOptions } from "../judge-option.js";
import { pricesOf } from "../prices.js";
import { reportEffects } from "./report-effects.js";
import { type RunOptions, resolveJobs, runModel, withInterrupt } from "./run.js";
import { sampleLoader } from "./sample-loader.js";
import { attachIntervals } from "./table.js";

/** The grid files written at the top of the config's output folder. */
export const GRID_FILES = { md: "table.md", csv: "table.csv", json: "table.json", tex: "table.tex" } as const;
export const REPORT_FILE = "report.html";

/**
 * `run --config FILE`: every model of the file in turn, each into its own (resumable) folder,
 * then the grid of all of them: printed as Markdown and written as table.{md,csv,json,tex} and
 * report.html in the root output folder. A model that fails does not stop the others; the
 * command then exits with that failure's code, after writing the grid of what finished.
 */
export async function runConfigCommand(options: RunOptions, explicit: ReadonlySet<string>): Promise<void> {
  refuseWithConfig(options.config!, explicit);
  const config = withCommandLinePaths(loadConfig(options.config!), options as unknown as OptionValues, explicit);
  refuseUnusedAdapterOptions(config, explicit);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const runs = config.models.map(
    (model) => runOptionsFor(config, model, options as unknown as OptionValues, explicit) as unknown as RunOptions,
  );
  // Every bad name and missing data folder is reported before any model is called.
  for (const [i, run] of runs.entries()) {
    const kind = parseModelOption(run.model).kind;
    if (!adapterFactories.some((f) => f.kind === kind)) {
      throw new UsageError(
        `${config.file}: /models/${i}/model: unknown adapter "${kind}" (known: ${adapterFactories.map((f) => f.kind).join(", ")}).`,
      );
    }
  }
  resolveJobs(runs[0]!, () => {});
  checkJudgeOptions(runs[0]!); // the judge options are the same for every model
  for (const [i, run] of runs.entries()) checkModelPrices(config.file, i, run);

  const failures: { name: string; error: VlmBenchError }[] = [];
  await withInterrupt(log, async (signal) => {
    for (const [i, run] of runs.entries()) {
      if (signal.aborted) break;
      log(`model ${i + 1}/${runs.length}: ${run.label} (${run.model}) → ${run.out}`);
      try {
        await runModel(run, signal, log);
      } catch (error) {
        if (!(error instanceof VlmBenchError)) throw error;
        log(`${run.label}: ${error.message}`);
        failures.push({ name: run.label!, error });
      }
    }
  });

  const folders: RunFolder[] = config.models
    .filter((m) => existsSync(path.join(m.out, RESULTS_FILE)))
    .map((m) => readRunFolder(m.out, { predictions: true }));
  if (folders.length > 0) await writeGrid(config, folders, log);
  if (failures.length > 0) {
    throw new VlmBenchError(
      `${failures.length} of ${runs.length} models did not finish: ${failures.map((f) => f.name).join(", ")} (messages above). ` +
        `Their answers so far are saved; rerun the same command to resume.`,
      { exitCode: Math.max(...failures.map((f) => f.error.exitCode)) },
    );
  }
}

/** A model's prices, checked before any model is called; the message names the model's entry. */
function checkModelPrices(file: string, index: number, run: RunOptions): void {
  try {
    pricesOf(run.priceInput, run.priceOutput, "prices");
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${file}: /models/${index}: ${error.message}`);
    throw error;
  }
}

const findBenchmarkByName = (name: string) => benchmarks.find((b) => b.name === name);

async function writeGrid(config: VlmBenchConfig, runs: RunFolder[], log: (message: string) => void): Promise<void> {
  const sources: ReportSource[] = runs.map((run) => reportSource(run));
  mkdirSync(config.out, { recursive: true });
  const grid = buildGrid(sources, { columns: gridColumns(benchmarks) });
  for (const [format, file] of Object.entries(GRID_FILES) as [keyof typeof GRID_FILES, string][]) {
    writeFileSync(path.join(config.out, file), renderGrid(grid, format));
  }
  // The report always carries the intervals `table --ci` would compute (in memory: results.json is not rewritten here).
  const ciNotes = runs.flatMap((run) => attachIntervals(run, findBenchmarkByName));
  const htmlGrid = buildGrid(sources, { columns: gridColumns(benchmarks), ci: true });
  // #compare: what `vlm-bench gate --config FILE` says of every ordered pair (the file's gate section applies).
  const pairs =
    runs.length >= 2
      ? comparePairs(runs, { findBenchmark: findBenchmarkByName, policy: resolvePolicy({}, config.gate ?? {}), configFile: config.file })
      : undefined;
  const { data, notes } = await collectReportData(sources, {
    loadSamples: sampleLoader(config.data),
    benchmarks,
    ...(pairs !== undefined ? { pairs } : {}),
  });
  const effects = reportEffects(runs);
  htmlGrid.notes.push(...ciNotes, ...effects.notes, ...notes);
  const html = renderHtml(htmlGrid, data, {
    runs: sources.map((s) => s.results),
    ...(effects.svg !== undefined ? { effectsSvg: effects.svg } : {}),
  });
  writeFileSync(path.join(config.out, REPORT_FILE), html);
  process.stdout.write(renderGrid(grid, "md"));
  for (const note of grid.notes) log(`note: ${note}`);
  log(`grid: ${path.join(config.out, GRID_FILES.md)} (also .csv, .json, .tex) and ${path.join(config.out, REPORT_FILE)}`);
}
