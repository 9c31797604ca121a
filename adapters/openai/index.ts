import { DataError, UsageError } from "../../src/errors.js";
import type {
  AdapterFactory,
  ConnectionFlags,
  GenerateRequest,
  GenerateResult,
  GenerationSettings,
  ModelAdapter,
} from "../../src/types.js";
import { fingerprint } from "../fingerprint.js";
import { finalError, MODEL_FLAGS } from "./error-text.js";
import { AttemptFailure } from "./failure.js";
import { imageUrlPart } from "./image-url.js";
import { type ConcurrencySetting, checkEndpointModels, endpointPool, sendThroughPool } from "./pool.js";
import { type Endpoint, requestBody } from "./request.js";
import { type RetryPolicy, withRetries } from "./retry.js";

export { OpenAIAdapterError } from "./error.js";

export const DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1";
export const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

export interface OpenAIAdapterOptions extends ConcurrencySetting {
  /** Model name as the server knows it (the `model` field of the request). */
  name: string;
  settings: GenerationSettings;
  /**
   * The API root including its version path, as in the OpenAI SDK: requests go to
   * `${baseUrl}/chat/completions`, so vLLM on port 8000 is `http://127.0.0.1:8000/v1`.
   * Default `http://127.0.0.1:8000/v1`; a trailing slash is ignored. Several form a pool.
   */
  baseUrl?: string | readonly string[];
  /** Where pool notices go (an endpoint taken out or back). Default: stderr. */
  log?: (message: string) => void;
  /** The key itself (already read from the environment); no Authorization header when unset. */
  apiKey?: string;
  /** Where the key came from, only to say so in error messages. Default `OPENAI_API_KEY`. */
  apiKeyEnv?: string;
  /** The flags error messages name (a judge's are --judge-base-url, --judge-api-key-env). Default --base-url, --api-key-env. */
  flags?: ConnectionFlags;
  /** Per attempt, in milliseconds. Default 120000. */
  timeoutMs?: number;
  /** Attempts after the first. Default 5. */
  retries?: number;
  /** First backoff step; doubles per retry up to maxDelayMs. Default 500. */
  baseDelayMs?: number;
  /** Also caps a server's retry-after. Default 30000. */
  maxDelayMs?: number;
  /** Images larger than this are re-encoded to JPEG with their long side ≤ 2048. Default 10 MiB. */
  maxImageBytes?: number;
}

/**
 * A model behind any OpenAI-compatible `/v1/chat/completions` (vLLM, SGLang, llama.cpp, Ollama,
 * LM Studio, TGI, OpenAI). The fingerprint leaves out the URL and the key: moving the server
 * must not invalidate a run's saved predictions.
 */
export function createOpenAIAdapter(options: OpenAIAdapterOptions): ModelAdapter {
  const { name, settings, apiKey } = options;
  const apiKeyEnv = options.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  const flags = options.flags ?? MODEL_FLAGS;
  const timeoutMs = positive("timeoutMs", options.timeoutMs ?? 120_000);
  const policy: RetryPolicy = {
    retries: count("retries", options.retries ?? 5),
    baseDelayMs: count("baseDelayMs", options.baseDelayMs ?? 500),
    maxDelayMs: count("maxDelayMs", options.maxDelayMs ?? 30_000),
  };
  const maxImageBytes = positive("maxImageBytes", options.maxImageBytes ?? 10 * 2 ** 20);
  if (name.trim() === "") {
    throw new UsageError(`openai adapter: no model name. Use --model openai:NAME with the name the server serves.`);
  }
  const urls = [options.baseUrl ?? DEFAULT_BASE_URL].flat();
  const endpoints: Endpoint[] = urls.map((url) => ({
    url: chatCompletionsUrl(url, flags),
    headers: headers(apiKey, apiKeyEnv),
    timeoutMs,
  }));
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const pool = endpointPool(endpoints, options, log);
  const endpoint = endpoints[0]!;

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const signal = request.signal;
    signal?.throwIfAborted();
    const sample = request.sample === undefined ? undefined : `${request.sample.benchmark} ${request.sample.id}`;
    const imageParts = await Promise.all(request.images.map((path) => imageUrlPart(path, maxImageBytes))).catch((error: unknown) => {
      if (!(error instanceof DataError) || sample === undefined) throw error;
      const context = { file: error.file, sampleId: request.sample?.id, cause: error };
      throw new DataError(`sample ${sample}: ${error.message}`, context);
    });
    const body = requestBody(name, imageParts, request);
    let attempts = 0;
    try {
      const attempt = (): Promise<GenerateResult> => {
        attempts++;
        return sendThroughPool(pool, body, signal);
      };
      return await withRetries(attempt, policy, signal);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      throw finalError(error, { url: endpoint.url, model: name, attempts, timeoutMs, sample, apiKey, apiKeyEnv, flags });
    }
  }

  const capacity = {
    endpoints: endpoints.length,
    get maxInFlight() {
      return pool.maxInFlight;
    },
    status: () => pool.status(),
  };
  const close = async () => pool.close();
  return { id: fingerprint("openai", name, settings), kind: "openai", name, settings, generate, capacity, close };
}

/** `${baseUrl}/chat/completions`, validated so a typo fails before the first sample. */
export function chatCompletionsUrl(baseUrl: string, flags: ConnectionFlags = MODEL_FLAGS): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new UsageError(`${flags.baseUrl} "${baseUrl}" is not a URL: pass the API root, e.g. ${DEFAULT_BASE_URL}.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`${flags.baseUrl} "${baseUrl}" must start with http:// or https://, e.g. ${DEFAULT_BASE_URL}.`);
  }
  return `${baseUrl.replace(/\/+$/, "")}/chat/completions`;
}

function headers(apiKey: string | undefined, apiKeyEnv: string): Record<string, string> {
  const result: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (apiKey === undefined || apiKey === "") return result;
  // Checked here, without echoing the key, rather than letting the HTTP client reject it with the value in its message.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new UsageError(`the API key in ${apiKeyEnv} contains spaces, line breaks or non-ASCII characters: set it to the bare key.`);
  }
  result.authorization = `Bearer ${apiKey}`;
  return result;
}

function positive(option: string, value: number): number {
  if (Number.isFinite(value) && value > 0) return value;
  throw new UsageError(`openai adapter: ${option} must be a positive number, got ${value}.`);
}

function count(option: string, value: number): number {
  if (Number.isInteger(value) && value >= 0) return value;
  throw new UsageError(`openai adapter: ${option} must be a whole number ≥ 0, got ${value}.`);
}

export const openaiAdapter: AdapterFactory = {
  kind: "openai",
  description: "openai:NAME — a model behind an OpenAI-compatible /v1/chat/completions (vLLM, SGLang, llama.cpp, Ollama, …)",
  async create(spec) {
    const apiKeyEnv = spec.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
    const apiKey = process.env[apiKeyEnv];
    const urls = [spec.baseUrl ?? DEFAULT_BASE_URL].flat();
    if (urls.length > 1) {
      const keyHeaders = headers(apiKey === "" ? undefined : apiKey, apiKeyEnv);
      const endpoints = urls.map((url) => ({ url: chatCompletionsUrl(url, spec.flags), headers: keyHeaders, timeoutMs: 10_000 }));
      await checkEndpointModels(endpoints, spec.name, (m) => process.stderr.write(`${m}\n`));
    }
    return createOpenAIAdapter({
      concurrency: spec.concurrency,
      maxConcurrency: spec.maxConcurrency,
      name: spec.name,
      settings: spec.settings,
      baseUrl: spec.baseUrl,
      apiKey: apiKey === "" ? undefined : apiKey,
      apiKeyEnv,
      ...(spec.flags === undefined ? {} : { flags: spec.flags }),
      timeoutMs: spec.timeoutMs,
      retries: spec.retries,
    });
  },
};
