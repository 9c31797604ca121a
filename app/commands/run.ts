import { writeFileSync } from "node:fs";
import path from "node:path";
import { createAdapter, parseModelOption } from "../../adapters/index.js";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { buildGrid } from "../../reports/grid.js";
import { renderMarkdown } from "../../reports/markdown.js";
import { runSummary } from "../../reports/run-summary.js";
import { type ReportSource, reportSource } from "../../reports/sources.js";
import { DataError, UsageError } from "../../src/errors.js";
import { type BenchmarkJob, evaluate } from "../../src/evaluate.js";
import { progressMode } from "../../src/progress.js";
import { type PredictionRecord, RESULTS_FILE, readRunFolder, TABLE_FILE } from "../../src/run-folder/index.js";
import type { ModelAdapter, ResultsFile } from "../../src/types.js";
import { type AdapterOptionValues, adapterOptionsOf } from "../adapter-options.js";
import { createJudge } from "../judge-option.js";
import type { OptionValuesOf } from "../option-def.js";
import type { RUN_OPTIONS } from "../options.js";
import { pricesOf } from "../prices.js";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";

/**
 * `run`'s parsed options, typed from the options table (app/options.ts); the adapters' own
 * options (declared by the adapter factories, so not known here by name) under their table keys.
 */
export type RunOptions = OptionValuesOf<typeof RUN_OPTIONS> & AdapterOptionValues;

export async function runCommand(options: RunOptions): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  if (options.shard !== undefined) return (await import("./run-shard.js")).runShardCommand(options, log);
  const { source, outDir } = await withInterrupt(log, (signal) => runModel(options, signal, log));
  process.stdout.write(renderMarkdown(buildGrid([source], { columns: gridColumns(benchmarks) })));
  log(`results: ${path.join(outDir, RESULTS_FILE)} (per-sample: items.jsonl, raw outputs: predictions.jsonl)`);
}

/** First Ctrl-C: stop sending, keep what finished, write nothing half-done. Second: quit now. */
export async function withInterrupt<T>(log: (message: string) => void, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(3);
    log("\nstopping: no new requests; answers so far are saved. Press Ctrl-C again to quit at once.");
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** One model over the chosen benchmarks into its output folder (results.json, items.jsonl, table.md). */
export async function runModel(
  options: RunOptions,
  signal: AbortSignal,
  log: (message: string) => void,
): Promise<{ results: ResultsFile; outDir: string; source: ReportSource }> {
  const jobs = resolveJobs(options, log);
  const prices = pricesOf(options.priceInput, options.priceOutput, "prices");
  const adapter = await createRunAdapter(options);
  const outDir = path.resolve(options.out ?? defaultOutDir(options.model));
  let judge: Awaited<ReturnType<typeof createJudge>>;
  try {
    judge = await createJudge(options, outDir, log, signal);
    const results = await evaluate({
      jobs,
      adapter,
      outDir,
      // Adapters without their own limits (onnx, baseline, replay) keep today's 8 under auto.
      concurrency: options.concurrency === "auto" ? 8 : options.concurrency,
      limit: options.limit,
      factors: parseFactors(options.factor ?? []),
      signal,
      progress: progressMode(options.progress),
      maxFailed: options.maxFailed,
      log,
      judge,
      ...(options.label !== undefined ? { label: options.label } : {}),
      ...(prices !== undefined ? { prices } : {}),
    });
    return { results, outDir, source: writeRunSummary(outDir) };
  } finally {
    await adapter.close?.();
    await judge?.close?.();
  }
}

/**
 * table.md of a run folder just written by `run` or `score`, read back through the run-folder
 * reader with this model's predictions.jsonl, so the latency percentiles are exact over every answer.
 * `score` hands in the records it just wrote instead: reading 214k lines back cost it a second.
 */
export function writeRunSummary(outDir: string, predictions?: PredictionRecord[]): ReportSource {
  const run = readRunFolder(outDir, { items: "skip", predictions: predictions === undefined });
  const source = reportSource(predictions === undefined ? run : { ...run, predictions });
  writeFileSync(path.join(outDir, TABLE_FILE), runSummary(gridColumns(benchmarks), source.results, source));
  return source;
}

export function resolveJobs(options: RunOptions, log: (message: string) => void): BenchmarkJob[] {
  const chosen = selectBenchmarks(options.bench);
  const jobs: BenchmarkJob[] = [];
  const absent: string[] = [];
  for (const benchmark of chosen) {
    const dir = benchmarkDir(options.data, benchmark);
    if (dir !== null)
      jobs.push({ benchmark, dir, ...(benchmark.name === "pope" && options.popeSet !== undefined ? { subset: options.popeSet } : {}) });
    else absent.push(`${benchmark.name} (looked for ${candidateDirs(options.data!, benchmark).join(" or ")})`);
  }
  if (absent.length > 0 && (options.bench !== undefined || jobs.length === 0)) {
    throw new DataError(
      `no data folder for ${absent.join("; ")}. Put each benchmark's official files in DIR/<name>/ ` +
        `(see \`vlm-bench datasets\`), or choose benchmarks with --bench.`,
    );
  }
  for (const line of absent) log(`skipping ${line}`);
  return jobs;
}

/** The model adapter `run`'s options describe (also `explain`'s and a shard's). */
export async function createRunAdapter(options: RunOptions): Promise<ModelAdapter> {
  const { kind, name } = parseModelOption(options.model);
  return createAdapter({
    kind,
    name,
    settings: { maxTokens: options.maxTokens, temperature: options.temperature, seed: options.seed },
    baseUrl: options.baseUrl,
    concurrency: options.concurrency,
    maxConcurrency: options.maxConcurrency,
    apiKeyEnv: options.apiKeyEnv,
    timeoutMs: options.timeout * 1000,
    retries: options.retries,
    options: adapterOptionsOf(options, options.model, kind),
  });
}

/** `["llm=gemma-2b", "vision=clip"]` → `{llm: "gemma-2b", vision: "clip"}`. */
export function parseFactors(pairs: readonly string[]): Record<string, string> {
  const factors: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0 || eq === pair.length - 1) {
      throw new UsageError(`--factor "${pair}" is not key=value (e.g. --factor llm=gemma-2b vision=clip).`);
    }
    factors[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return factors;
}

/** `vlm-bench-results/<label>-<UTC time>`, the label made safe for a folder name (`openai:x/y` → `openai_x_y`). */
export function defaultOutDir(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "run";
  const time = new Date().toISOString().replace(/:/g, "-").replace(/\..+$/, "");
  return path.join("vlm-bench-results", `${safe}-${time}`);
}
