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
  constructor(message: string, context: { file?: string; line?: number; sampleId?: string; jsonPath?: string; cause?: unknown } = {}) {
    super(message, { exitCode: 2, cause: context.cause });
    this.file = context.file;
    this.line = context.line;
    this.sampleId = context.sampleId;
    this.jsonPath = context.jsonPath;
  }
}

/**
 * A model call that failed: that sample fails, the others go on. It carries only what the
 * runner reads; adapters subclass it for their own details (the OpenAI adapter's URL and status).
 */
export class AdapterError extends VlmBenchError {
  /** No sample can succeed (a model process that dies at start-up, a refused API key): the runner stops at once. */
  readonly fatal: boolean;
  constructor(message: string, context: { fatal?: boolean; cause?: unknown } = {}) {
    super(message, { exitCode: 3, cause: context.cause });
    this.fatal = context.fatal ?? false;
  }
}

/** The run stopped before every sample had an answer; what finished is on disk. Exit 3. */
export class RunIncompleteError extends VlmBenchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: 3, cause: options.cause });
  }
}
