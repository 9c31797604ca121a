import type { TokenPrices, TokenUsage, Usage } from "./types.js";

/** No calls counted yet. */
export function emptyUsage(): TokenUsage {
  return { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 };
}

/** A token count an adapter reported, or undefined for anything else (a command adapter's child may send any JSON). */
function tokens(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Counts one call into `total`: its tokens when its adapter reported usage, else only the call,
 * so "no usage reported" (reported 0) stays apart from "0 tokens".
 */
export function addUsage(total: TokenUsage, usage: Usage | undefined): TokenUsage {
  total.calls++;
  const prompt = tokens(usage?.promptTokens);
  const completion = tokens(usage?.completionTokens);
  if (prompt === undefined && completion === undefined) return total;
  total.reported++;
  total.prompt_tokens += prompt ?? 0;
  total.completion_tokens += completion ?? 0;
  return total;
}

/** The summed usage of a set of calls (e.g. the answers a benchmark's result is built from). */
export function sumUsage(usages: Iterable<Usage | undefined>): TokenUsage {
  const total = emptyUsage();
  for (const usage of usages) addUsage(total, usage);
  return total;
}

/** `a` plus `b` (e.g. a judge's fresh and cached replies). */
export function plusUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    calls: a.calls + b.calls,
    reported: a.reported + b.reported,
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
  };
}

/** `after` minus `before`: the calls counted between two readings of a running total. */
export function minusUsage(after: TokenUsage, before: TokenUsage): TokenUsage {
  return {
    calls: after.calls - before.calls,
    reported: after.reported - before.reported,
    prompt_tokens: after.prompt_tokens - before.prompt_tokens,
    completion_tokens: after.completion_tokens - before.completion_tokens,
  };
}

/** USD of the reported tokens at `prices` (USD per million prompt and completion tokens). */
export function costOf(usage: Pick<TokenUsage, "prompt_tokens" | "completion_tokens">, prices: TokenPrices): number {
  return (usage.prompt_tokens * prices.input + usage.completion_tokens * prices.output) / 1_000_000;
}
