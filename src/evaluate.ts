import { mkdirSync } from "node:fs";
import { removeLeftoverTemps } from "./leftover-temps.js";
import path from "node:path";
import { RunIncompleteError } from "./errors.js";
import { checkImages } from "./images.js";
import { createProgress, type ProgressMode } from "./progress.js";
import {
  PREDICTIONS_FILE,
  previousResults,
  startResults,
  speedStats,
  writeItems,
  writeResults,
} from "./results.js";
import { JUDGE_FILE } from "./judge/cache.js";
import { generateAll } from "./runner.js";
import { scoreOutputs, writeScoredFiles } from "./scoring.js";
import { PredictionStore } from "./store.js";
import type { Benchmark, BenchmarkResult, Judge, ModelAdapter, ResultsFile, Sample } from "./types.js";

export interface BenchmarkJob {
  benchmark: Benchmark;
  /** The folder holding this benchmark's official files. */
  dir: string;
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
}

/**
 * The whole pipeline for one model: load every benchmark (and check its images) before any
 * model call, then per benchmark generate → parse → score, writing results.json and
 * items.jsonl after each one, so a later failure never loses a finished benchmark.
 */
export async function evaluate(options: EvaluateOptions): Promise<ResultsFile> {
  const { adapter, outDir } = options;
  const log = options.log ?? (() => {});
  const loaded: { job: BenchmarkJob; samples: Sample[] }[] = [];
  for (const job of options.jobs) {
    let samples = await job.benchmark.load(job.dir);
    if (options.limit !== undefined) samples = samples.slice(0, options.limit);
    loaded.push({ job, samples });
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

  mkdirSync(outDir, { recursive: true });
  removeLeftoverTemps(outDir, log);
  const store = PredictionStore.open(path.join(outDir, PREDICTIONS_FILE), log);
  const previous = previousResults(outDir, adapter.id, log);
  const results = startResults(
    { adapter: adapter.kind, name: adapter.name, fingerprint: adapter.id, settings: adapter.settings, ...(options.label !== undefined ? { label: options.label } : {}) },
    previous,
    options.factors ?? {},
  );
  const incomplete: string[] = [];
  try {
    for (const { job, samples } of loaded) {
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
        const shown = outcome.failures.slice(0, 3).map((f) => `${f.id}: ${f.message}`).join("; ");
        incomplete.push(`${benchmark.name}: ${outcome.failures.length} of ${samples.length} samples failed (${shown})`);
        continue;
      }
      const outputs = new Map([...outcome.records].map(([id, record]) => [id, record.text]));
      const judge = options.judge;
      const scored = await scoreOutputs(benchmark, samples, outputs, outcome.failures.length, { judge });
      const { entry, items, failures } = scored;
      if (failures.length > 0 && entry.failed > maxFailed) {
        const shown = failures.slice(0, 3).map((f) => `${f.id}: ${f.message}`).join("; ");
        incomplete.push(
          `${benchmark.name}: the judge could not grade ${failures.length} of ${samples.length} answers (${shown}); ` +
            `the judge's replies so far are saved in ${path.join(outDir, JUDGE_FILE)} and a rerun asks it only what is missing`,
        );
        continue;
      }
      if (benchmark.judge === "required" && judge === undefined) {
        log(`${benchmark.name}: not scored — it is graded by an LLM judge; pass --judge ADAPTER:NAME (answers are saved, a rerun with --judge only asks the judge).`);
      }
      writeScoredFiles(outDir, scored);
      const speed = speedStats(outcome.records.values(), outcome.generated, outcome.elapsedMs, previous?.benchmarks[benchmark.name]?.speed);
      results.benchmarks[benchmark.name] = { ...entry, speed } satisfies BenchmarkResult;
      writeResults(outDir, results);
      writeItems(outDir, new Map([[benchmark.name, items]]));
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
  return results;
}
