import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { adapterFactories, adapterOptions, parseModelOption } from "../../adapters/index.js";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { renderGrid } from "../../reports/formats.js";
import { renderHtml } from "../../reports/html/report.js";
import { collectReportData } from "../../reports/html/samples.js";
import { buildGrid } from "../../reports/grid.js";
import { loadSource, type LoadedSource } from "../../reports/load-sources.js";
import { loadConfig } from "../../src/config/load.js";
import type { ModelConfig, VlmBenchConfig } from "../../src/config/types.js";
import { UsageError, VlmBenchError } from "../../src/errors.js";
import { RESULTS_FILE } from "../../src/results.js";
import { adapterOptionsFromConfig, adapterOptionsFromFlags } from "../adapter-options.js";
import { resolveJobs, runModel, withInterrupt, type RunOptions } from "./run.js";
import { sampleLoader } from "./sample-loader.js";

/** Options that describe one model: with --config they belong in the file, per model. */
const PER_MODEL_OPTIONS = ["model", "baseUrl", "apiKeyEnv", "maxTokens", "temperature", "seed", "timeout", "retries", "factor"];

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
  const clash = PER_MODEL_OPTIONS.filter((o) => explicit.has(o));
  if (clash.length > 0) {
    const flags = clash.map((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
    throw new UsageError(`${flags} cannot be combined with --config: set them per model in ${options.config}.`);
  }
  const config = loadConfig(options.config!);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const runs = config.models.map((model) => runOptionsFor(config, model, options, explicit));
  // Every bad name and missing data folder is reported before any model is called.
  for (const [i, run] of runs.entries()) {
    const kind = parseModelOption(run.model).kind;
    if (!adapterFactories.some((f) => f.kind === kind)) {
      throw new UsageError(`${config.file}: /models/${i}/model: unknown adapter "${kind}" (known: ${adapterFactories.map((f) => f.kind).join(", ")}).`);
    }
  }
  resolveJobs(runs[0]!, () => {});

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

  const sources: LoadedSource[] = config.models
    .filter((m) => existsSync(path.join(m.out, RESULTS_FILE)))
    .map((m) => loadSource(path.join(m.out, RESULTS_FILE)));
  if (sources.length > 0) await writeGrid(config, sources, log);
  if (failures.length > 0) {
    throw new VlmBenchError(
      `${failures.length} of ${runs.length} models did not finish: ${failures.map((f) => f.name).join(", ")} (messages above). ` +
        `Their answers so far are saved; rerun the same command to resume.`,
      { exitCode: Math.max(...failures.map((f) => f.error.exitCode)) },
    );
  }
}

/** A config model as `run`'s options; CLI options given explicitly (--limit, --bench, …) override the file. */
export function runOptionsFor(config: VlmBenchConfig, model: ModelConfig, cli: Partial<RunOptions>, explicit: ReadonlySet<string> = new Set()): RunOptions {
  const pick = <K extends keyof RunOptions>(key: K, fromFile: RunOptions[K] | undefined, fallback: RunOptions[K]): RunOptions[K] =>
    explicit.has(key) ? (cli[key] as RunOptions[K]) : (fromFile ?? fallback);
  return {
    model: model.model,
    label: model.name,
    baseUrl: model.base_url ?? "http://127.0.0.1:8000/v1",
    apiKeyEnv: model.api_key_env ?? "OPENAI_API_KEY",
    bench: pick("bench", config.benchmarks?.join(","), undefined),
    data: pick("data", config.data, undefined),
    out: model.out,
    concurrency: pick("concurrency", config.concurrency, 8),
    limit: pick("limit", config.limit, undefined),
    maxTokens: model.max_tokens ?? 128,
    temperature: model.temperature ?? 0,
    seed: model.seed ?? 0,
    timeout: model.timeout ?? 120,
    retries: model.retries ?? 5,
    maxFailed: pick("maxFailed", config.max_failed, 0),
    factor: Object.entries(model.factors ?? {}).map(([k, v]) => `${k}=${v}`),
    progress: cli.progress ?? true,
    // The model's adapter options from the file; adapter flags given on the command line apply to every model.
    adapterOptions: {
      ...adapterOptionsFromConfig(model, adapterOptions, `${config.file}: /models/${config.models.indexOf(model)}`),
      ...adapterOptionsFromFlags(cli as Record<string, unknown>, adapterOptions),
    },
    ...(config.judge !== undefined
      ? {
          judge: config.judge.model,
          ...(config.judge.base_url !== undefined ? { judgeBaseUrl: config.judge.base_url } : {}),
          ...(config.judge.api_key_env !== undefined ? { judgeApiKeyEnv: config.judge.api_key_env } : {}),
          ...(config.judge.runs !== undefined ? { judgeRuns: config.judge.runs } : {}),
        }
      : {}),
  };
}

async function writeGrid(config: VlmBenchConfig, sources: LoadedSource[], log: (message: string) => void): Promise<void> {
  mkdirSync(config.out, { recursive: true });
  const grid = buildGrid(sources, { columns: gridColumns(benchmarks) });
  for (const [format, file] of Object.entries(GRID_FILES) as [keyof typeof GRID_FILES, string][]) {
    writeFileSync(path.join(config.out, file), renderGrid(grid, format));
  }
  const { data, notes } = await collectReportData(sources, { loadSamples: sampleLoader(config.data) });
  const htmlGrid = { ...grid, notes: [...grid.notes, ...notes] };
  writeFileSync(path.join(config.out, REPORT_FILE), renderHtml(htmlGrid, data, `vlm-bench: ${path.basename(config.file)}`));
  process.stdout.write(renderGrid(grid, "md"));
  for (const note of grid.notes) log(`note: ${note}`);
  log(`grid: ${path.join(config.out, GRID_FILES.md)} (also .csv, .json, .tex) and ${path.join(config.out, REPORT_FILE)}`);
}
