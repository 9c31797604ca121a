import { onAbort } from "./abort.js";

/** When and how long to wait before another attempt: exponential backoff, or the server's word. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the loop needs to know about a failure; `OpenAIAdapterError` has this shape. */
export interface RetryHint {
  retryable?: boolean;
  retryAfterMs?: number;
}

/**
 * Equal jitter: half the exponential step is kept, half is random, so a burst of failures from
 * 64 concurrent requests spreads out without any of them retrying almost at once.
 * `retryIndex` is 0 before the first retry.
 */
export function backoffMs(retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return step / 2 + (random() * step) / 2;
}

/**
 * The backoff, but never sooner than the server asked (capped at maxDelayMs). A retry-after is a
 * lower bound, not the whole delay: a server that sheds load with `retry-after-ms: 50` would
 * otherwise see every retry of a sample within a few hundred milliseconds, before the adaptive
 * limit has come down, and a sample could fail on 429s alone.
 */
export function retryDelayMs(retryIndex: number, policy: RetryPolicy, serverAskedMs?: number, random?: () => number): number {
  const backoff = backoffMs(retryIndex, policy, random);
  if (serverAskedMs === undefined) return backoff;
  return Math.min(policy.maxDelayMs, Math.max(backoff, serverAskedMs));
}

/**
 * `retry-after-ms` (milliseconds, OpenAI's and Azure's extension) wins over `retry-after`
 * (delta-seconds or an HTTP date, RFC 9110 §10.2.3). Unparseable values count as absent.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after")?.trim();
  if (after === undefined || after === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve();
    }, ms);
    const unsubscribe =
      signal === undefined
        ? undefined
        : onAbort(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
  });
}

/**
 * Runs `attempt` until it succeeds, throws something not retryable, or the retries run out
 * (then the last error is thrown as is). An aborted `signal` ends the loop at once with its reason.
 */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let index = 0; ; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const hint = (error ?? {}) as RetryHint;
      if (hint.retryable !== true || index >= policy.retries) throw error;
      await sleep(retryDelayMs(index, policy, hint.retryAfterMs), signal);
    }
  }
}
