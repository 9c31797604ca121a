import { AdapterError, DataError, RunIncompleteError } from "./errors.js";
import type { Progress } from "./progress.js";
import { type PredictionRecord, type PredictionStore, promptSha } from "./store.js";
import type { GenerateRequest, ModelAdapter, Sample } from "./types.js";

export interface GenerateOptions {
  adapter: ModelAdapter;
  store: PredictionStore;
  concurrency: number;
  signal?: AbortSignal;
  progress?: Progress;
  label?: string;
  /** Stop the run when this many samples fail in a row (a dead server, a wrong URL). */
  maxConsecutiveFailures?: number;
  /** Extra request fields for every sample (`vlm-bench explain`: log-probabilities, relevancy, one token for occluded requests). */
  request?: Pick<GenerateRequest, "logprobs" | "explain"> & { maxTokens?: number };
}

export interface SampleFailure {
  id: string;
  message: string;
}

export interface GenerateOutcome {
  /** Every sample's stored answer, this run's and earlier runs' alike. */
  records: Map<string, PredictionRecord>;
  failures: SampleFailure[];
  /** Answers generated in this call (not resumed from disk). */
  generated: number;
  /** Wall time spent generating them. */
  elapsedMs: number;
}

/**
 * Asks the model for every sample that has no stored answer for this adapter and prompt,
 * `concurrency` at a time, appending each answer to the store the moment it arrives.
 * Throws RunIncompleteError when the run is interrupted or the model keeps failing; what
 * finished is already on disk, so a rerun resumes.
 */
export async function generateAll(samples: readonly Sample[], options: GenerateOptions): Promise<GenerateOutcome> {
  const { adapter, store } = options;
  const records = new Map<string, PredictionRecord>();
  const pending: { sample: Sample; sha: string }[] = [];
  // Benchmarks ask a few prompts of many images (POPE: 3 per object name): hash each distinct prompt once.
  const shas = new Map<string, string>();
  for (const sample of samples) {
    let sha = shas.get(sample.prompt);
    if (sha === undefined) shas.set(sample.prompt, (sha = promptSha(sample.prompt)));
    const stored = store.find(sample.benchmark, sample.id, adapter.id, sha);
    if (stored) records.set(sample.id, stored);
    else pending.push({ sample, sha });
  }
  // Questions about the same image go out together, so an adapter's image cache stays warm.
  pending.sort((a, b) => compare(a.sample.images[0] ?? "", b.sample.images[0] ?? ""));

  const failures: SampleFailure[] = [];
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const maxRun = options.maxConsecutiveFailures ?? 10;
  let failedInARow = 0;
  let fatal: unknown = null;
  let generated = 0;

  options.progress?.start(options.label ?? "", samples.length, records.size, adapter.capacity?.status);
  const started = performance.now();
  const ask = async ({ sample, sha }: { sample: Sample; sha: string }) => {
    if (signal.aborted) return;
    try {
      const result = await adapter.generate({
        images: sample.images,
        prompt: sample.prompt,
        ...adapter.settings,
        ...options.request,
        signal,
        sample: { benchmark: sample.benchmark, id: sample.id, meta: sample.meta },
      });
      const record: PredictionRecord = {
        benchmark: sample.benchmark,
        id: sample.id,
        adapter: adapter.id,
        prompt_sha: sha,
        text: result.text,
        latency_ms: result.latencyMs,
        ...(result.usage ? { usage: result.usage } : {}),
        ...(result.logprobs ? { logprobs: result.logprobs } : {}),
        ...(result.relevancy ? { relevancy: result.relevancy } : {}),
        time: isoNow(),
      };
      store.append(record);
      records.set(sample.id, record);
      generated++;
      failedInARow = 0;
      options.progress?.tick(true);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof DataError) {
        // Bad input (a corrupt image) will not get better by asking again: stop now.
        fatal = error;
        stop.abort(error);
        return;
      }
      if (error instanceof AdapterError && error.fatal) {
        // The adapter says no sample can succeed: one message, not one failure per sample.
        fatal = new RunIncompleteError(
          `${options.label ?? sample.benchmark}: ${error.message.trimEnd()}\n` +
            `${records.size} answers are saved in ${store.file}; fix the cause and rerun with the same --out to resume.`,
          { cause: error },
        );
        stop.abort(fatal);
        return;
      }
      failures.push({ id: sample.id, message: (error as Error).message });
      options.progress?.tick(false);
      if (++failedInARow >= maxRun) {
        fatal = new RunIncompleteError(
          `${options.label ?? sample.benchmark}: ${failedInARow} samples failed in a row, so the run stopped. ` +
            `Last error: ${(error as Error).message} ` +
            `${records.size} answers are saved in ${store.file}; fix the cause and rerun with the same --out to resume.`,
          { cause: error },
        );
        stop.abort(fatal);
      }
    }
  };
  try {
    // Workers taking the next sample in order: one promise per worker, not one queued per sample. An adapter
    // with its own limits (an endpoint pool, replicas) gets as many as it could take; the limits hold them back.
    let next = 0;
    const worker = async () => {
      while (next < pending.length) await ask(pending[next++]!);
    };
    const workers = adapter.capacity?.maxInFlight ?? options.concurrency;
    await Promise.all(Array.from({ length: Math.min(Math.max(1, workers), pending.length) }, worker));
  } finally {
    options.progress?.stop();
  }
  if (fatal !== null) throw fatal;
  if (options.signal?.aborted) {
    throw new RunIncompleteError(
      `interrupted: ${records.size} of ${samples.length} ${options.label ?? ""} answers are saved in ${store.file}; ` +
        `rerun the same command with the same --out to resume.`,
    );
  }
  return { records, failures, generated, elapsedMs: performance.now() - started };
}

let lastMillis = NaN;
let lastIso = "";
/** `new Date().toISOString()`, formatted once per millisecond: a fast model answers several times in one, and formatting showed in profiles. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMillis) {
    lastMillis = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
