import { AdapterError } from "../../src/errors.js";

/** An OpenAI-compatible request that failed for good, with the HTTP details a caller may act on. */
export class OpenAIAdapterError extends AdapterError {
  /** The chat completions URL the request went to. */
  readonly url: string;
  /** The HTTP status of the last attempt, when the server answered. */
  readonly status?: number;
  /** Whether the last failure was of a kind worth another try (408, 409, 429, 5xx, network, timeout). */
  readonly retryable: boolean;
  /** Server-requested wait before another attempt, from `retry-after-ms` / `retry-after`. */
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    context: { url: string; status?: number; retryable?: boolean; retryAfterMs?: number; fatal?: boolean; cause?: unknown },
  ) {
    super(message, { fatal: context.fatal, cause: context.cause });
    this.url = context.url;
    this.status = context.status;
    this.retryable = context.retryable ?? false;
    this.retryAfterMs = context.retryAfterMs;
  }
}
