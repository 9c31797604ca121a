import { mkdirSync } from "node:fs";
import path from "node:path";
import { adapterOptions, parseModelOption } from "../../adapters/index.js";
import { loadConfig } from "../../src/config/load.js";
import { DataError, UsageError } from "../../src/errors.js";
import { checkImages, explainModel, NoLogprobsError, requestsPerSample } from "../../src/explain/engine.js";
import type { ExplainMap } from "../../src/explain/file.js";
import { nearestIds } from "../../src/explain/nearest.js";
import { createProgress, progressMode } from "../../src/progress.js";
import { PredictionStore } from "../../src/store.js";
import type { Benchmark, Sample } from "../../src/types.js";
import { runOptionsFor } from "../config-options.js";
import { adapterOptionDefs } from "../option-def.js";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";
import { writeExplainOutputs } from "./explain-output.js";
import { createRunAdapter, defaultOutDir, type RunOptions, withInterrupt } from "./run.js";

export interface ExplainCommandOptions {
  model?: string[];
  config?: string;
  bench?: string;
  data?: string;
  sample?: string;
  grid: number;
  out?: string;
  topLogprobs: number;
  baseUrl: string[];
  apiKeyEnv: string;
  timeout: number;
  retries: number;
  concurrency: number | "auto";
  maxConcurrency: number;
  maxTokens: number;
  temperature: number;
  seed: number;
  progress: boolean;
  /** The adapters' own options (--onnx-threads, --replicas, …), keyed as the table declares them. */
  [adapterOption: string]: unknown;
}

/** Options that describe one model: with --config they belong in the file, per model (as for `run --config`). */
const PER_MODEL_OPTIONS = ["model", "baseUrl", "apiKeyEnv", "maxTokens", "temperature", "seed", "timeout", "retries"];

/**
 * `vlm-bench explain`: relevancy maps of chosen samples for one or more models (issue 15), into
 * --out: explain.json, one overlay PNG per sample and model, one side-by-side PNG per sample,
 * explain.html. Every request goes through the runner and predictions.jsonl in --out, so a
 * rerun with the same --out sends nothing twice.
 */
export async function explainCommand(options: ExplainCommandOptions, explicit: ReadonlySet<string> = new Set()): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const models = modelRuns(options, explicit);
  const benchmark = oneBenchmark(options.bench ?? models.bench);
  const dataDir = options.data ?? models.data;
  const samples = await chosenSamples(benchmark, dataDir, options.sample);
  await checkImages(samples, options.grid); // a grid finer than an image: exit 2 before any request
  const outDir = path.resolve(options.out ?? models.out ?? defaultOutDir("explain"));
  mkdirSync(outDir, { recursive: true });

  const perSample = requestsPerSample(options.grid);
  log(
    `explain: ${samples.length} sample${samples.length === 1 ? "" : "s"} × ${models.runs.length} model${models.runs.length === 1 ? "" : "s"} × ` +
      `${perSample} requests (1 unoccluded + ${options.grid}×${options.grid} occluded) = ${samples.length * models.runs.length * perSample} requests ` +
      `(fewer when answers are already in ${path.join(outDir, "predictions.jsonl")} or a model supplies its own map) → ${outDir}`,
  );

  const store = PredictionStore.open(path.join(outDir, "predictions.jsonl"), log);
  const storedBefore = store.size;
  const maps: ExplainMap[] = [];
  let requestMs = 0;
  try {
    await withInterrupt(log, async (signal) => {
      for (const run of models.runs) {
        const { kind } = parseModelOption(run.model);
        const adapter = await createRunAdapter(run);
        const started = performance.now();
        try {
          maps.push(
            ...(await explainModel({
              adapter,
              model: run.model,
              samples,
              grid: options.grid,
              top: options.topLogprobs,
              store,
              concurrency: fixedConcurrency(models.concurrency ?? options.concurrency),
              signal,
              progress: createProgress(progressMode(options.progress)),
              log,
            })),
          );
        } catch (error) {
          if (error instanceof NoLogprobsError)
            throw new NoLogprobsError(`${error.message} ${logprobsHint(kind, run.baseUrl.join(", "))}`, error.model);
          throw error;
        } finally {
          requestMs += performance.now() - started;
          await adapter.close?.();
        }
      }
    });
  } finally {
    store.close();
  }
  const sent = store.size - storedBefore;
  log(
    `explain: ${sent} requests answered in ${(requestMs / 1000).toFixed(2)} s (${(sent / (requestMs / 1000)).toFixed(0)} requests/s, occluded images included)`,
  );
  const written = await writeExplainOutputs(outDir, maps, samples);
  log(`explain: ${maps.length} maps in ${written.explainFile}; figures in ${written.html}`);
}

/** Which servers and adapters can give what occlusion needs, for the exit-2 message. */
function logprobsHint(kind: string, baseUrl: string): string {
  if (kind === "openai") {
    return (
      `The server at ${baseUrl} ignored "logprobs": true / "top_logprobs". OpenAI-compatible servers that return chat-completion ` +
      `log-probabilities: vLLM, SGLang and llama.cpp's llama-server (since December 2024). Serve the model with one of them.`
    );
  }
  if (kind === "command") {
    return `A command: child asked with "logprobs": true must reply with "logprobs": [{"token", "logprob", "top": [{"token", "logprob"}]}, …], or with its own "relevancy" grid when asked with "explain": true (README, command: protocol).`;
  }
  return `The ${kind}: adapter has no log-probabilities: explain works with openai: (vLLM, SGLang, llama.cpp's llama-server), onnx: and command: models.`;
}

interface ModelRuns {
  runs: RunOptions[];
  /** The config file's `concurrency`, unless --concurrency was given. */
  concurrency?: number;
  bench?: string;
  data?: string;
  out?: string;
}

/** The models to explain: each --model with the shared connection options, or each model of --config with its own. */
function modelRuns(options: ExplainCommandOptions, explicit: ReadonlySet<string>): ModelRuns {
  const shared = {
    baseUrl: options.baseUrl,
    apiKeyEnv: options.apiKeyEnv,
    concurrency: options.concurrency,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
    seed: options.seed,
    timeout: options.timeout,
    retries: options.retries,
    maxConcurrency: options.maxConcurrency,
    maxFailed: 0,
    progress: options.progress,
    ...adapterValues(options),
  };
  if (options.config === undefined) {
    if (options.model === undefined || options.model.length === 0)
      throw new UsageError("give at least one --model ADAPTER:NAME (or --config FILE) to explain.");
    return { runs: options.model.map((model) => ({ ...shared, model })) };
  }
  const clash = PER_MODEL_OPTIONS.filter((o) => explicit.has(o));
  if (clash.length > 0) {
    const flags = clash.map((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ");
    throw new UsageError(`${flags} cannot be combined with --config: set them per model in ${options.config}.`);
  }
  const config = loadConfig(options.config);
  const runs = config.models.map((model) => ({
    ...(runOptionsFor(config, model, { progress: options.progress }) as unknown as RunOptions),
    model: model.model,
  }));
  const bench = config.benchmarks?.length === 1 ? config.benchmarks[0] : undefined;
  return {
    runs,
    ...(bench !== undefined ? { bench } : {}),
    ...(config.data !== undefined ? { data: config.data } : {}),
    out: path.join(config.out, "explain"),
  };
}

function oneBenchmark(list: string | undefined): Benchmark {
  if (list === undefined || list.trim() === "")
    throw new UsageError("give the samples' benchmark with --bench B (one of gqa, mme, mmvet, pope, vqav2, mmvp, scienceqa).");
  const chosen = selectBenchmarks(list);
  if (chosen.length !== 1)
    throw new UsageError(`--bench ${list}: explain takes one benchmark at a time (the sample ids are that benchmark's).`);
  return chosen[0]!;
}

/** The samples named by --sample, in the order given; an unknown id is exit 2 naming the nearest ids. */
async function chosenSamples(benchmark: Benchmark, dataDir: string | undefined, list: string | undefined): Promise<Sample[]> {
  const ids = (list ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0)
    throw new UsageError(`give the samples to explain with --sample ID[,ID…] (${benchmark.name} ids, as in items.jsonl).`);
  const dir = benchmarkDir(dataDir, benchmark);
  if (dir === null) {
    throw new DataError(
      `no data folder for ${benchmark.name} (looked for ${candidateDirs(dataDir!, benchmark).join(" or ")}); see \`vlm-bench datasets\`.`,
    );
  }
  const all = await benchmark.load(dir);
  const byId = new Map(all.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const allIds = all.map((s) => s.id);
    const lines = unknown.map(
      (id) =>
        `"${id}" (nearest: ${nearestIds(id, allIds)
          .map((n) => `"${n}"`)
          .join(", ")})`,
    );
    throw new UsageError(`${benchmark.name} in ${dir} has no sample ${lines.join("; ")}.`);
  }
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

/** Workers for an adapter without its own adaptive limit; one with a limit (openai:, command:) sizes itself. */
function fixedConcurrency(concurrency: number | "auto"): number {
  return concurrency === "auto" ? 8 : concurrency;
}

/** The adapters' own option values among explain's flags (the rows adapter factories declare). */
function adapterValues(options: ExplainCommandOptions): Record<string, unknown> {
  const keys = new Set(adapterOptionDefs(adapterOptions).map((def) => def.key));
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => keys.has(key) && value !== undefined));
}
