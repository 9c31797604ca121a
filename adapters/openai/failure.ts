import { parseRetryAfter } from "./retry.js";

/**
 * How one attempt failed: `connect` (nothing listening, unknown host), `network` (the connection
 * broke mid-request), `timeout` (the per-attempt timer fired), `http` (a non-2xx answer),
 * `protocol` (a 2xx answer that is not a chat completion), `request` (the request could not be
 * built, e.g. a header undici refuses). Internal to the adapter: the caller turns the last one
 * into an OpenAIAdapterError that also says how many attempts were made.
 */
export type FailureKind = "connect" | "network" | "timeout" | "http" | "protocol" | "request";

export class AttemptFailure extends Error {
  readonly kind: FailureKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  /**
   * The server's error text or its body, NOT yet shortened: error-text.ts redacts the API key
   * first and then cuts it to `serverTextMax` characters, so no part of a key that straddles the
   * cut is printed.
   */
  readonly serverText?: string;
  readonly serverTextMax?: number;
  constructor(
    kind: FailureKind,
    detail: string,
    extra: {
      retryable: boolean;
      status?: number;
      code?: string;
      retryAfterMs?: number;
      serverText?: string;
      serverTextMax?: number;
      cause?: unknown;
    },
  ) {
    super(detail, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.kind = kind;
    this.retryable = extra.retryable;
    this.status = extra.status;
    this.code = extra.code;
    this.retryAfterMs = extra.retryAfterMs;
    this.serverText = extra.serverText;
    this.serverTextMax = extra.serverTextMax;
  }
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** A rejected request or body read. undici's errors carry a `code` (ECONNREFUSED, UND_ERR_SOCKET, …). */
export function transportFailure(error: unknown, timedOut: boolean, timeoutMs: number): AttemptFailure {
  if (timedOut) {
    return new AttemptFailure("timeout", `no complete answer within ${timeoutMs} ms`, { retryable: true });
  }
  const { code, detail } = rootCause(error);
  if (code !== undefined && CONNECT_CODES.has(code)) {
    return new AttemptFailure("connect", detail, { retryable: true, code, cause: error });
  }
  const message = (error as Error | undefined)?.message;
  if (code !== undefined || message === "fetch failed" || message === "terminated") {
    return new AttemptFailure("network", detail, { retryable: true, code, cause: error });
  }
  // Anything else (an invalid header value, a malformed URL) fails the same way every time.
  return new AttemptFailure("request", detail, { retryable: false, cause: error });
}

function rootCause(error: unknown): { code?: string; detail: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === "string") return { code, detail: current.message };
    const next: unknown = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return { detail: current instanceof Error ? current.message : String(current) };
}

/** 408, 409, 429 and 5xx are worth another try; any other 4xx fails the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function httpFailure(status: number, statusText: string, headers: Headers, body: string): AttemptFailure {
  const retryable = isRetryableStatus(status);
  const serverText = errorText(body);
  return new AttemptFailure("http", `HTTP ${status}${statusText ? ` ${statusText}` : ""}`, {
    retryable,
    status,
    retryAfterMs: retryable ? parseRetryAfter(headers) : undefined,
    serverText,
    serverTextMax: 300,
  });
}

export function protocolFailure(reason: string, body: string): AttemptFailure {
  // A flaky proxy or a server restarting can answer 200 with an HTML page: worth retrying.
  return new AttemptFailure("protocol", reason, { retryable: true, status: 200, serverText: capped(body), serverTextMax: 200 });
}

/**
 * The human part of an error body: OpenAI's `{error:{message}}`, vLLM's `{message}`, FastAPI's
 * `{detail}`, llama.cpp's `{error:{message}}`, or the raw text.
 */
export function errorText(body: string): string {
  let text = body;
  try {
    const data = JSON.parse(body) as Record<string, unknown> | null;
    const error = data?.error;
    const candidate =
      (typeof error === "object" && error !== null ? (error as Record<string, unknown>).message : error) ?? data?.message ?? data?.detail;
    if (typeof candidate === "string") text = candidate;
    else if (candidate !== undefined) text = JSON.stringify(candidate);
  } catch {
    // Not JSON: the raw body is the message.
  }
  return capped(text);
}

/** Bodies can be megabytes; far more than any message shows is kept (it is redacted, then shortened). */
const KEPT = 64 * 1024;
const capped = (text: string): string => (text.length <= KEPT ? text : text.slice(0, KEPT));

/** Whitespace collapsed, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}
