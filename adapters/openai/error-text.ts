import type { ConnectionFlags } from "../../src/types.js";
import { OpenAIAdapterError } from "./error.js";
import { type AttemptFailure, shorten } from "./failure.js";

/** What a final error message needs to be actionable. */
export interface FailureContext {
  url: string;
  model: string;
  attempts: number;
  timeoutMs: number;
  /** `benchmark id` of the sample, when the runner said which one this was. */
  sample?: string;
  apiKey?: string;
  apiKeyEnv: string;
  /** The flags to name (the judge's adapter has its own); default --base-url, --api-key-env. */
  flags?: ConnectionFlags;
}

export const MODEL_FLAGS: ConnectionFlags = { baseUrl: "--base-url", apiKeyEnv: "--api-key-env" };

const FATAL_STATUSES = new Set([401, 403, 404]);

/**
 * The OpenAIAdapterError the caller sees: one paragraph naming the model, the sample, the URL, the
 * status and the server's words, and what to do. The API key is redacted from the whole
 * message, since servers do echo Authorization headers back in their errors.
 */
export function finalError(failure: AttemptFailure, context: FailureContext): OpenAIAdapterError {
  const where = context.sample === undefined ? "" : ` (sample ${context.sample})`;
  const message = `openai:${context.model}${where}: ${describe(failure, context)}`;
  return new OpenAIAdapterError(redact(message, context.apiKey), {
    url: context.url,
    status: failure.status,
    retryable: failure.retryable,
    retryAfterMs: failure.retryAfterMs,
    // A refused key or an unknown model/URL fails every sample alike: the run stops at the first.
    fatal: failure.kind === "http" && FATAL_STATUSES.has(failure.status ?? 0),
    // Socket errors carry no request data; HTTP and protocol failures carry the body, so no cause.
    cause: failure.kind === "connect" || failure.kind === "network" ? failure.cause : undefined,
  });
}

export function redact(text: string, secret: string | undefined): string {
  return secret === undefined || secret === "" ? text : text.replaceAll(secret, "[redacted]");
}

/** The server's words as shown: the key redacted first, then shortened (never the other way round). */
export function shownServerText(failure: AttemptFailure, apiKey: string | undefined): string {
  if (!failure.serverText) return "";
  return shorten(redact(failure.serverText, apiKey), failure.serverTextMax ?? 300);
}

function describe(failure: AttemptFailure, context: FailureContext): string {
  const { url } = context;
  const flag = context.flags ?? MODEL_FLAGS;
  const tries = context.attempts === 1 ? "after 1 attempt" : `after ${context.attempts} attempts`;
  const serverText = shownServerText(failure, context.apiKey);
  const said = serverText ? `: "${serverText}"` : " (empty body)";
  switch (failure.kind) {
    case "connect":
      return `could not connect to ${url} (${failure.code}) ${tries}: ${connectAdvice(failure.code, flag)}`;
    case "network":
      return (
        `the connection to ${url} broke (${failure.code ?? "network error"}: ${failure.message}) ${tries}: ` +
        `the server closed it or crashed mid-answer; check its log, or lower --concurrency.`
      );
    case "timeout":
      return (
        `${url} gave no complete answer within ${context.timeoutMs} ms (the per-attempt timeout) ${tries}: ` +
        `the server is overloaded or stuck; lower --concurrency, or raise --timeout (seconds per attempt) for slow models.`
      );
    case "protocol":
      return (
        `${url} answered HTTP 200 but not with a chat completion (${failure.message}) ${tries}; ` +
        `the body starts: "${serverText}". Check that ${flag.baseUrl} points at an ` +
        `OpenAI-compatible server and ends with /v1.`
      );
    case "request":
      return `could not send a request to ${url}: ${failure.message}. Check ${flag.baseUrl} and the API key variable (${flag.apiKeyEnv}).`;
    case "http":
      return `${url} ${httpDescription(failure, context, said, tries)}`;
  }
}

function httpDescription(failure: AttemptFailure, context: FailureContext, said: string, tries: string): string {
  const url = context.url;
  const flag = context.flags ?? MODEL_FLAGS;
  const status = failure.message;
  if (failure.retryable) {
    const advice =
      failure.status === 429
        ? "The server is rate-limiting: lower --concurrency or wait for quota."
        : "Check the server's log: it may be overloaded (lower --concurrency) or out of memory.";
    return `still failed with ${status} ${tries}${said}. ${advice}`;
  }
  const head = `rejected the request for model "${context.model}" with ${status}${said}.`;
  switch (failure.status) {
    case 401:
    case 403:
      return context.apiKey === undefined
        ? `${head} No API key was sent: set ${context.apiKeyEnv} (or name another variable with ${flag.apiKeyEnv}).`
        : `${head} Check the API key in ${context.apiKeyEnv} (or name another variable with ${flag.apiKeyEnv}).`;
    case 404:
      return (
        `${head} Check the model name (the server lists its models at GET ${modelsUrl(url)}) and that ` + `${flag.baseUrl} ends with /v1.`
      );
    default:
      return `${head} This is a per-sample error (often the prompt and image exceed the model's context ` + `length) and was not retried.`;
  }
}

function connectAdvice(code: string | undefined, flag: ConnectionFlags): string {
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `the host name does not resolve; check ${flag.baseUrl}.`;
  return `is the server running? Start it or pass ${flag.baseUrl} (it should end with /v1).`;
}

function modelsUrl(chatUrl: string): string {
  return chatUrl.replace(/\/chat\/completions$/, "/models");
}
