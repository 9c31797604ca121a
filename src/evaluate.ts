import path from "node:path";
import { sampleSet } from "./data-layout.js";
import { RunIncompleteError } from "./errors.js";
import { summarizeFailures } from "./failure-summary.js";
import { checkImages } from "./images.js";
import { createProgress, type ProgressMode } from "./progress.js";
import { PREDICTIONS_FILE } from "./run-folder/index.js";
import { generateAll } from "./runner.js";
import { RunWriter } from "./score-and-write.js";
import { speedStats } from "./speed.js";
import { PredictionStore } from "./store.js";
import type { Benchmark, DataProvenance, Judge, ModelAdapter, PartialResult, ResultsFile, Sample, TokenPrices } from "./types.js";
import { sumUsage } from "./usage.js";

export interface BenchmarkJob {
  benchmark: Benchmark;
  /** The folder holding this benchmark's official files. */
  dir: string;
  /** A named subset of its samples (`--pope-set llava`). */
  subset?: string;
}

export interface EvaluateOptions {
  jobs: readonly BenchmarkJob[];
  adapter: ModelAdapter;
  outDir: string;
  concurrency: number;
  /** Evaluate only the first N samples of each benchmark. */
  limit?: number;
  factors?: Record<string, string>;
  signal?: AbortSignal;
  progress?: ProgressMode;
  /** How many samples per benchmark may fail (after retries) and still be reported. */
  maxFailed?: number;
  log?: (message: string) => void;
  /** Grades the benchmarks that need a judge (see createJudge); without it they are "not scored". */
  judge?: Judge;
  /** Row label for reports (a config file's model name), kept in results.json. */
  label?: string;
  /** The model's prices (USD per million tokens, a config file's `prices`), kept in results.json. */
  prices?: TokenPrices;
}

/**
 * The whole pipeline for one model: load every benchmark (and check its images) before any
 * model call, then per benchmark generate → parse → score, writing results.json and
 * items.jsonl after each one, so a later failure never loses a finished benchmark.
 */
export async function evaluate(options: EvaluateOptions): Promise<ResultsFile> {
  const { adapter, outDir } = options;
  const log = options.log ?? (() => {});
  const loaded: { job: BenchmarkJob; samples: Sample[]; provenance?: DataProvenance; partial?: PartialResult }[] = [];
  for (const job of options.jobs) {
    let provenance: DataProvenance | undefined;
    let samples = await job.benchmark.load(job.dir, {
      onProvenance: (p) => (provenance = p),
      ...(job.subset === undefined ? {} : { subset: job.subset }),
    });
    // --limit scores a subset: it is recorded as partial, and the recorded sample set is the one scored.
    const of = samples.length;
    const limit = options.limit;
    const partial = limit !== undefined && limit < of ? { limit, n: limit, of } : undefined;
    if (partial !== undefined) samples = samples.slice(0, partial.limit);
    if (provenance !== undefined && partial !== undefined) provenance = { ...provenance, sample_set: sampleSet(samples) };
    loaded.push({ job, samples, provenance, ...(partial === undefined ? {} : { partial }) });
  }
  await checkImages(loaded.flatMap((l) => l.samples));
  for (const { job } of loaded) {
    const reference = job.benchmark.referenceMaxTokens;
    if (reference !== undefined && adapter.settings.maxTokens < reference) {
      log(
        `${job.benchmark.name}: answers are limited to ${adapter.settings.maxTokens} tokens (--max-tokens); ` +
          `its reference protocol allows ${reference}, so long answers may be cut — pass --max-tokens ${reference} to match it.`,
      );
    }
  }

  const writer = RunWriter.open(
    outDir,
    {
      adapter: adapter.kind,
      name: adapter.name,
      fingerprint: adapter.id,
      settings: adapter.settings,
      ...(options.label !== undefined ? { label: options.label } : {}),
      ...(options.prices !== undefined ? { prices: options.prices } : {}),
    },
    options.factors ?? {},
    log,
  );
  const store = PredictionStore.open(path.join(outDir, PREDICTIONS_FILE), log);
  const endpoints = adapter.capacity?.endpoints ?? 1;
  if (endpoints > 1) writer.results.model.endpoints = endpoints;
  const incomplete: string[] = [];
  try {
    for (const { job, samples, provenance, partial } of loaded) {
      const { benchmark } = job;
      const outcome = await generateAll(samples, {
        adapter,
        store,
        concurrency: options.concurrency,
        signal: options.signal,
        progress: createProgress(options.progress ?? "none"),
        label: benchmark.name,
      });
      const maxFailed = options.maxFailed ?? 0;
      if (outcome.failures.length > maxFailed) {
        const shown = summarizeFailures(outcome.failures);
        incomplete.push(`${benchmark.name}: ${outcome.failures.length} of ${samples.length} samples failed (${shown})`);
        continue;
      }
      const notWritten = await writer.score(
        {
          benchmark,
          samples,
          outputs: new Map([...outcome.records].map(([id, record]) => [id, record.text])),
          failed: outcome.failures.length,
          provenance,
          partial,
          speed: (previous) => speedStats(outcome.records.values(), outcome.generated, outcome.elapsedMs, previous),
          // Over every answer scored, resumed ones included: a resumed run records what an uninterrupted one does.
          usage: sumUsage([...outcome.records.values()].map((r) => r.usage)),
        },
        { judge: options.judge, maxFailed },
      );
      if (notWritten !== null) incomplete.push(notWritten);
    }
  } finally {
    store.close();
  }
  if (incomplete.length > 0) {
    throw new RunIncompleteError(
      `${incomplete.join(". ")}. Their answers so far are saved in ${path.join(outDir, PREDICTIONS_FILE)}; ` +
        `rerun with the same --out to retry only the failed samples, or pass --max-failed N to report a benchmark despite N failures.`,
    );
  }
  return writer.results;
}
