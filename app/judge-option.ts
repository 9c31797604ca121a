import path from "node:path";
import { adapterFactories, createAdapter, parseModelOption } from "../adapters/index.js";
import { UsageError } from "../src/errors.js";
import { JUDGE_FILE, JudgeCache } from "../src/judge/cache.js";
import { createCachedJudge } from "../src/judge/judge.js";
import type { Judge } from "../src/types.js";
import { pricesOf } from "./prices.js";

/** The judge options of `run` (and a config file), plus the model's connection settings they default to. */
export interface JudgeOptions {
  /** `ADAPTER:NAME`, e.g. `openai:gpt-4-0613`; no judge when unset. */
  judge?: string;
  /** Default: `baseUrl` (the model's server). */
  judgeBaseUrl?: string | string[];
  /** Default: `apiKeyEnv`. */
  judgeApiKeyEnv?: string;
  /** Default 1. */
  judgeRuns?: number;
  /** USD per million prompt / completion tokens (a config file's `judge.prices`). */
  judgePriceInput?: number;
  judgePriceOutput?: number;
  baseUrl?: string | string[];
  apiKeyEnv?: string;
  /** Per-attempt timeout in seconds. */
  timeout?: number;
  retries?: number;
  seed?: number;
  /** Per judge endpoint: adaptive (`auto`, the default) or fixed. */
  concurrency?: number | "auto";
  maxConcurrency?: number;
}

/**
 * Judge-only options without `--judge` (nor a config file's judge.model) are a usage error
 * rather than silently ignored; `run --config` checks this before any model is called.
 */
export function checkJudgeOptions(options: JudgeOptions): void {
  if (options.judge === undefined || options.judge.trim() === "") {
    const stray = [
      options.judgeBaseUrl !== undefined ? "--judge-base-url" : null,
      options.judgeApiKeyEnv !== undefined ? "--judge-api-key-env" : null,
      options.judgeRuns !== undefined && options.judgeRuns !== 1 ? "--judge-runs" : null,
      options.judgePriceInput !== undefined || options.judgePriceOutput !== undefined ? '"judge.prices"' : null,
    ].filter((s) => s !== null);
    if (stray.length > 0) {
      throw new UsageError(`${stray.join(", ")} given without --judge: name the judge model too, e.g. --judge openai:gpt-4-0613.`);
    }
    return;
  }
  const runs = options.judgeRuns ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--judge-runs must be a whole number ≥ 1, got ${runs}.`);
  pricesOf(options.judgePriceInput, options.judgePriceOutput, "judge.prices");
}

/**
 * The judge the options ask for, with its reply cache `judge.jsonl` opened in `outDir`, or
 * undefined without `--judge`. Judge-only options without `--judge` are a usage error rather
 * than silently ignored. Close the judge when done.
 */
export async function createJudge(
  options: JudgeOptions,
  outDir: string,
  log: (message: string) => void = () => {},
  signal?: AbortSignal,
): Promise<Judge | undefined> {
  checkJudgeOptions(options);
  if (options.judge === undefined || options.judge.trim() === "") return undefined;
  const runs = options.judgeRuns ?? 1;
  const { kind, name } = parseModelOption(options.judge);
  if (!adapterFactories.some((f) => f.kind === kind)) {
    // Checked here so the message names --judge, not --model.
    throw new UsageError(
      `--judge ${options.judge}: "${kind}" is not a model adapter. Use --judge KIND:NAME, e.g. --judge openai:gpt-4-0613 ` +
        `(kinds: ${adapterFactories.map((f) => f.kind).join(", ")}).`,
    );
  }
  const adapter = await createAdapter({
    kind,
    name,
    // Per-request max tokens and temperature come from each grader; these only enter the fingerprint.
    settings: { maxTokens: 3, temperature: 0, seed: options.seed ?? 0 },
    baseUrl: options.judgeBaseUrl ?? options.baseUrl,
    concurrency: options.concurrency,
    maxConcurrency: options.maxConcurrency,
    apiKeyEnv: options.judgeApiKeyEnv ?? options.apiKeyEnv,
    // Its errors name the judge's flags, which set (or would set) its server and key.
    flags: { baseUrl: "--judge-base-url", apiKeyEnv: "--judge-api-key-env" },
    timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
    retries: options.retries,
  });
  const cache = JudgeCache.open(path.join(outDir, JUDGE_FILE), log);
  const concurrency = adapter.capacity?.maxInFlight ?? (typeof options.concurrency === "number" ? options.concurrency : undefined);
  const prices = pricesOf(options.judgePriceInput, options.judgePriceOutput, "judge.prices");
  return createCachedJudge({ adapter, cache, runs, concurrency, signal, ...(prices === undefined ? {} : { prices }) });
}
