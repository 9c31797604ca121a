import { writeFileSync } from "node:fs";
import path from "node:path";
import { createAdapter, parseModelOption } from "../../adapters/index.js";
import { runSummary } from "../../reports/run-summary.js";
import { buildGrid, type GridSource } from "../../reports/grid.js";
import { loadSource } from "../../reports/load-sources.js";
import { renderMarkdown } from "../../reports/markdown.js";
import { DataError, UsageError } from "../../src/errors.js";
import { evaluate, type BenchmarkJob } from "../../src/evaluate.js";
import { createJudge } from "../judge-option.js";
import type { ModelAdapter, ResultsFile } from "../../src/types.js";
import { progressMode } from "../../src/progress.js";

const DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";

export interface RunOptions {
  model: string;
  /** One server or a pool (repeated --base-url, a config's base_url list). Default http://127.0.0.1:8000/v1. */
  baseUrl?: string | string[];
  apiKeyEnv: string;
  bench?: string;
  data?: string;
  out?: string;
  /** Per endpoint or replica: adaptive (`auto`) or fixed. */
  concurrency: number | "auto";
  maxConcurrency?: number;
  /** `command:` only: copies of the program, and CUDA_VISIBLE_DEVICES per copy. */
  replicas?: number;
  devices?: string;
  /** `K/N` or `auto` (with `shards` under Kubernetes). */
  shard?: string;
  shards?: number;
  limit?: number;
  maxTokens: number;
  temperature: number;
  seed: number;
  timeout: number;
  retries: number;
  maxFailed: number;
  factor?: string[];
  progress: boolean;
  /** `run --config FILE` (handled by run-config.ts). */
  config?: string;
  /** Row label recorded in results.json (a config file's model name). */
  label?: string;
  /** `command:` adapter argv (config files give it as an array). */
  argv?: string[];
  onnx?: { executionProvider?: string; threads?: number; dtype?: string };
  judge?: string;
  judgeBaseUrl?: string | string[];
  judgeApiKeyEnv?: string;
  judgeRuns?: number;
  onnxEp?: string;
  onnxThreads?: number;
  onnxDtype?: string;
}

export async function runCommand(options: RunOptions): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  if (options.shard !== undefined) return (await import("./run-shard.js")).runShardCommand(options, log);
  const { source, outDir } = await withInterrupt(log, (signal) => runModel(options, signal, log));
  process.stdout.write(renderMarkdown(buildGrid([source])));
  log(`results: ${path.join(outDir, "results.json")} (per-sample: items.jsonl, raw outputs: predictions.jsonl)`);
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
): Promise<{ results: ResultsFile; outDir: string; source: GridSource }> {
  const jobs = resolveJobs(options, log);
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
    });
    // Read back from disk so the grid's latency percentiles are exact over predictions.jsonl.
    const source = loadSource(outDir);
    writeFileSync(path.join(outDir, "table.md"), runSummary(results, source));
    return { results, outDir, source };
  } finally {
    await adapter.close?.();
    await judge?.close?.();
  }
}

export function resolveJobs(options: RunOptions, log: (message: string) => void): BenchmarkJob[] {
  const chosen = selectBenchmarks(options.bench);
  const jobs: BenchmarkJob[] = [];
  const absent: string[] = [];
  for (const benchmark of chosen) {
    const dir = benchmarkDir(options.data, benchmark);
    if (dir !== null) jobs.push({ benchmark, dir });
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

/** The adapter-specific options (AdapterSpec.options) among the run options: command argv, onnx settings. */
function adapterOptions(options: RunOptions): Record<string, unknown> {
  const onnx = options.onnx ?? { executionProvider: options.onnxEp, threads: options.onnxThreads, dtype: options.onnxDtype };
  const given = Object.entries({ argv: options.argv, replicas: options.replicas, devices: options.devices, ...onnx }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given);
}

/** The model adapter `run`'s options describe. */
export async function createRunAdapter(options: RunOptions): Promise<ModelAdapter> {
  const { kind, name } = parseModelOption(options.model);
  if ((options.replicas !== undefined || options.devices !== undefined) && kind !== "command") {
    throw new UsageError(`--replicas and --devices are for command: models; for servers, repeat --base-url (one per replica).`);
  }
  return createAdapter({
    kind,
    name,
    settings: { maxTokens: options.maxTokens, temperature: options.temperature, seed: options.seed },
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    concurrency: options.concurrency,
    maxConcurrency: options.maxConcurrency,
    apiKeyEnv: options.apiKeyEnv,
    timeoutMs: options.timeout * 1000,
    retries: options.retries,
    options: adapterOptions(options),
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
