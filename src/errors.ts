/**
 * One base class and a few subclasses that carry their context. The CLI prints `message`
 * (one paragraph: what went wrong, where, and what to do) and exits with `exitCode` (SPEC §2).
 */
export class VlmBenchError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Bad command-line usage: unknown benchmark or adapter, malformed option. Exit 2. */
export class UsageError extends VlmBenchError {}

/** Bad input data: names the file, and the line or sample where it can. Exit 2. */
export class DataError extends VlmBenchError {
  readonly file?: string;
  readonly line?: number;
  readonly sampleId?: string;
  /** Where in the file's JSON the problem is, as a JSON Pointer (`/benchmarks/pope/metrics`). */
  readonly jsonPath?: string;
  constructor(
    message: string,
    context: { file?: string; line?: number; sampleId?: string; jsonPath?: string; cause?: unknown } = {},
  ) {
    super(message, { exitCode: 2, cause: context.cause });
    this.file = context.file;
    this.line = context.line;
    this.sampleId = context.sampleId;
    this.jsonPath = context.jsonPath;
  }
}

/** A model call that failed. `retryable` tells the adapter's retry loop whether to try again. */
export class AdapterError extends VlmBenchError {
  readonly url?: string;
  readonly status?: number;
  readonly retryable: boolean;
  /** Server-requested wait before the next attempt, from `retry-after(-ms)`. */
  readonly retryAfterMs?: number;
  /** No sample can succeed (a model process that dies at start-up): the runner stops at once. */
  readonly fatal: boolean;
  constructor(
    message: string,
    context: { url?: string; status?: number; retryable?: boolean; retryAfterMs?: number; fatal?: boolean; cause?: unknown } = {},
  ) {
    super(message, { exitCode: 3, cause: context.cause });
    this.url = context.url;
    this.status = context.status;
    this.retryable = context.retryable ?? false;
    this.retryAfterMs = context.retryAfterMs;
    this.fatal = context.fatal ?? false;
  }
}

/** The run stopped before every sample had an answer; what finished is on disk. Exit 3. */
export class RunIncompleteError extends VlmBenchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 3, cause: options.cause });
  }
}
