import pLimit from "p-limit";
import { VlmBenchError } from "../errors.js";
import type { Judge, JudgeRequest, ModelAdapter, TokenPrices } from "../types.js";
import { addUsage, emptyUsage } from "../usage.js";
import { type JudgeCache, judgeKey } from "./cache.js";

/** A judge request that could not be answered; the message names the judge. Exit 3 when it ends a run. */
export class JudgeError extends VlmBenchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 3, cause: options.cause });
  }
}

export interface CachedJudgeOptions {
  /** Any model adapter; its `kind:name` is how the judge is named in results and messages. */
  adapter: ModelAdapter;
  cache: JudgeCache;
  /** Independent judge runs a scorer should average over (MM-Vet's `--judge-runs`). Default 1. */
  runs?: number;
  /** Judge requests in flight. Default 4. */
  concurrency?: number;
  /** Stop asking after this many failures in a row (a dead judge): the rest fail at once. Default 10. */
  maxConsecutiveFailures?: number;
  /** Where the judge is asked (its URL), for error messages. */
  where?: string;
  signal?: AbortSignal;
  /** USD per million tokens (a config file's `judge.prices`), recorded with the judge's use in results.json. */
  prices?: TokenPrices;
}

/**
 * Wraps an adapter as a Judge: every reply goes to the cache the moment it arrives and every
 * request is looked up there first, so a rerun over the same answers asks the judge nothing.
 * Each run r is a distinct request (it is in the key, and the seed is the adapter's seed + r),
 * so `--judge-runs 5` gets five independent gradings, as MM-Vet's paper does.
 */
export function createCachedJudge(options: CachedJudgeOptions): Judge {
  const { adapter, cache } = options;
  const model = `${adapter.kind}:${adapter.name}`;
  const runs = options.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`judge runs must be a whole number ≥ 1, got ${runs}`);
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const maxRun = options.maxConsecutiveFailures ?? 10;
  const inFlight = new Map<string, Promise<string>>();
  let calls = 0;
  let cached = 0;
  const fresh = emptyUsage();
  const reused = emptyUsage();
  // Replies whose tokens are counted already: a reply reused within one run (or one judge's life) costs once.
  const counted = new Set<string>();
  let failedInARow = 0;
  let stopped: string | null = null;
  const name = `judge ${model}${options.where === undefined ? "" : ` at ${options.where}`}`;

  async function send(key: string, request: JudgeRequest, seed: number): Promise<string> {
    if (stopped !== null) throw new JudgeError(`${name} was not asked: ${stopped}`);
    options.signal?.throwIfAborted();
    calls++;
    try {
      const result = await adapter.generate({
        images: request.images ?? [],
        prompt: request.prompt,
        ...(request.system === undefined ? {} : { system: request.system }),
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        seed,
        signal: options.signal,
        sample: request.sample,
      });
      cache.append({
        key,
        judge: adapter.id,
        run: request.run ?? 0,
        ...(request.sample === undefined ? {} : { benchmark: request.sample.benchmark, id: request.sample.id }),
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        text: result.text,
        ...(result.usage === undefined ? {} : { usage: result.usage }),
        time: new Date().toISOString(),
      });
      counted.add(key);
      addUsage(fresh, result.usage);
      failedInARow = 0;
      return result.text;
    } catch (error) {
      const message = (error as Error).message;
      if (++failedInARow >= maxRun && stopped === null) {
        stopped = `it failed ${failedInARow} times in a row, so no more requests were sent (last error: ${message})`;
      }
      throw new JudgeError(`${name} failed: ${message}`, { cause: error });
    }
  }

  return {
    model,
    fingerprint: adapter.id,
    runs,
    ask(request) {
      const seed = adapter.settings.seed + (request.run ?? 0);
      const key = judgeKey(adapter.id, request, seed);
      const hit = cache.get(key);
      if (hit !== undefined) {
        cached++;
        if (!counted.has(key)) {
          counted.add(key);
          addUsage(reused, hit.usage);
        }
        return Promise.resolve(hit.text);
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) {
        cached++;
        return pending;
      }
      const promise = limit(() => send(key, request, seed)).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    stats: () => ({ calls, cached }),
    usage: () => ({ fresh: { ...fresh }, cached: { ...reused } }),
    ...(options.prices === undefined ? {} : { prices: options.prices }),
    async close() {
      cache.close();
      await adapter.close?.();
    },
  };
}
