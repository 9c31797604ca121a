import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { limitFactory } from "../../src/concurrency/limit.js";
import { Pool } from "../../src/concurrency/pool.js";
import { AdapterError, UsageError } from "../../src/errors.js";
import type { AdapterFactory, GenerateRequest, GenerateResult, GenerationSettings, ModelAdapter } from "../../src/types.js";
import { fingerprint } from "../fingerprint.js";
import { devicesOption, integerOption, readOptions, stringListOption } from "../options.js";
import { ChildGone, ChildReplyError, ChildSession } from "./child.js";
import { resolveProgram } from "./resolve.js";
import { splitCommand } from "./split.js";

export interface CommandAdapterOptions {
  /** The command line, split as a shell would (no shell runs). One of `command` or `argv`. */
  command?: string;
  /** The argv as a list (config files), used as given. */
  argv?: readonly string[];
  settings: GenerationSettings;
  /** Silence allowed while requests wait, once the child has answered once. Default 120 s. */
  timeoutMs?: number;
  /** The same before its first answer (model loading). Default 10 min. */
  startupTimeoutMs?: number;
  /** Times a sample is sent again after the child exited or hung with it in flight. Default 2. */
  retries?: number;
  /** First restart delay; doubles per restart in a row up to maxRestartDelayMs. Default 500. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Where the child's stderr (prefixed) and the adapter's notices go. Default: process.stderr. */
  log?: (line: string) => void;
  /** Copies of the program (default 1); replica i gets VLM_BENCH_REPLICA=i. */
  replicas?: number;
  /** CUDA_VISIBLE_DEVICES per replica, one entry each (e.g. ["0", "1"]). */
  devices?: readonly string[];
  /** Requests in flight per replica: adaptive (`auto`, the default) or fixed. */
  concurrency?: number | "auto";
  maxConcurrency?: number;
}

/** One copy of the program and its restart state. */
interface Replica {
  index: number;
  env: Record<string, string>;
  current: ChildSession | null;
  starting: Promise<ChildSession> | null;
  restartsInARow: number;
}

/**
 * A model in any language behind a child process speaking JSON lines on stdin/stdout (README,
 * "command: adapter"). The child is started on the first request and kept for the whole run;
 * it is restarted with backoff when it exits or stops answering, and the samples it held are
 * sent again a bounded number of times. The fingerprint is the command line as given.
 */
export function createCommandAdapter(options: CommandAdapterOptions): ModelAdapter {
  const argv = options.argv !== undefined ? [...options.argv] : splitCommand(options.command ?? "");
  if (argv.length === 0 || argv[0] === "")
    throw new UsageError(`command adapter: no program given. Use --model command:"python3 server.py".`);
  const program = resolveProgram(argv[0]!);
  const name = options.command ?? argv.map(quoteForDisplay).join(" ");
  const timeoutMs = options.timeoutMs ?? 120_000;
  const startupTimeoutMs = Math.max(options.startupTimeoutMs ?? 600_000, timeoutMs);
  const retries = options.retries ?? 2;
  const baseDelay = options.restartDelayMs ?? 500;
  const maxDelay = options.maxRestartDelayMs ?? 30_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const label = `[${path.basename(argv[0]!)}]`;

  const count = options.replicas ?? options.devices?.length ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--replicas must be a whole number ≥ 1, got ${count}.`);
  if (options.devices !== undefined && options.devices.length !== count) {
    throw new UsageError(
      `--devices lists ${options.devices.length} device(s) for ${count} replicas: give one per replica, e.g. --replicas 4 --devices 0,1,2,3.`,
    );
  }
  const replicas: Replica[] = Array.from({ length: count }, (_, index) => ({
    index,
    env: { VLM_BENCH_REPLICA: String(index), ...(options.devices !== undefined ? { CUDA_VISIBLE_DEVICES: options.devices[index]! } : {}) },
    current: null,
    starting: null,
    restartsInARow: 0,
  }));
  const pool = new Pool<Replica>({ members: replicas, label: (r) => `replica ${r.index}`, newLimit: limitFactory(options) });
  let anyReply = false;
  let fatal: AdapterError | null = null;
  let protocolReported = false;
  let nextId = 0;

  const onProtocolError = (lineNumber: number, line: string, problem: string) => {
    if (protocolReported) return;
    protocolReported = true;
    const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
    log(
      `command adapter: protocol error: stdout line ${lineNumber} of "${name}" ${problem}: ${JSON.stringify(shown)}. ` +
        `The child must write only replies to stdout, one JSON object per line ({"id", "text"} or {"id", "error"}); ` +
        `send logs to stderr (in Python: print(..., file=sys.stderr)). Further such lines are ignored.`,
    );
  };

  const spawnChild = (replica: Replica) =>
    new ChildSession({
      program,
      argv,
      label: count === 1 ? label : `${label.slice(0, -1)}#${replica.index}]`,
      log,
      timeoutMs,
      startupTimeoutMs,
      onProtocolError,
      ...(count === 1 && options.devices === undefined ? {} : { env: replica.env }),
    });
  const who = (replica: Replica) => (count === 1 ? `"${name}"` : `"${name}" (replica ${replica.index})`);

  async function session(replica: Replica, signal?: AbortSignal): Promise<ChildSession> {
    if (fatal !== null) throw fatal;
    if (replica.current?.alive) return replica.current;
    // One restart however many requests notice the dead child at once.
    replica.starting ??= (async () => {
      if (replica.current !== null) {
        const reason = await replica.current.exited;
        const wait = Math.min(maxDelay, baseDelay * 2 ** replica.restartsInARow++);
        log(`command adapter: ${who(replica)} ${reason}; restarting it in ${(wait / 1000).toFixed(1)} s.`);
        await sleep(wait);
      }
      replica.current = spawnChild(replica);
      return replica.current;
    })().finally(() => {
      replica.starting = null;
    });
    const child = await replica.starting;
    signal?.throwIfAborted();
    return child;
  }

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const { signal } = request;
    signal?.throwIfAborted();
    const sample = request.sample === undefined ? "a sample" : `sample ${request.sample.benchmark} ${request.sample.id}`;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      const lease = await pool.acquire(signal);
      const replica = lease.member;
      let child: ChildSession;
      try {
        child = await session(replica, signal);
      } catch (error) {
        lease.release();
        throw error;
      }
      const sent = performance.now();
      try {
        const reply = await child.request(
          {
            id: ++nextId,
            images: request.images.map((image) => path.resolve(image)),
            prompt: request.prompt,
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            seed: request.seed,
            ...(request.logprobs !== undefined ? { logprobs: true as const, top_logprobs: request.logprobs.top } : {}),
            ...(request.explain === true ? { explain: true as const } : {}),
          },
          signal,
        );
        anyReply = true;
        replica.restartsInARow = 0;
        lease.success(performance.now() - sent);
        const usage = reply.usage;
        return {
          text: reply.text,
          latencyMs: performance.now() - started,
          ...(usage === undefined ? {} : { usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } }),
          ...(reply.logprobs === undefined ? {} : { logprobs: reply.logprobs }),
          ...(reply.relevancy === undefined ? {} : { relevancy: reply.relevancy }),
        };
      } catch (error) {
        lease.release();
        if (error instanceof ChildReplyError) {
          throw new AdapterError(`command "${name}" failed on ${sample}: ${error.message}`, { cause: error });
        }
        if (!(error instanceof ChildGone)) throw error; // aborted
        if (!anyReply && !error.everReplied) {
          fatal ??= new AdapterError(
            `command "${name}" ${error.message.replace(/^it /, "")} before answering any request, so no sample can be run.` +
              stderrTail(child.stderrLines) +
              `\nTry it by hand: echo '{"id":1,"images":[],"prompt":"hi","max_tokens":8,"temperature":0,"seed":0}' | ${name}\n`,
            { fatal: true },
          );
          for (const r of replicas) r.current?.kill("was stopped after a start-up failure");
          throw fatal;
        }
        if (attempt >= retries) {
          throw new AdapterError(
            `command "${name}": ${error.message} while answering ${sample}, on ${attempt + 1} attempts; giving up on this sample.` +
              stderrTail(child.stderrLines),
            { cause: error },
          );
        }
      }
    }
  }

  return {
    id: fingerprint("command", name, options.settings),
    kind: "command",
    name,
    settings: options.settings,
    generate,
    capacity: {
      endpoints: count,
      get maxInFlight() {
        return pool.maxInFlight;
      },
      status: () => pool.status(),
    },
    async close() {
      fatal ??= new AdapterError(`command adapter for "${name}" is closed.`);
      pool.close();
      await Promise.all(
        replicas.map(async (r) => {
          await r.starting?.catch(() => {});
          await r.current?.close();
        }),
      );
    },
  };
}

function stderrTail(lines: readonly string[]): string {
  if (lines.length === 0) return " It wrote nothing to stderr.";
  return `\nIts last stderr lines:\n${lines.map((line) => `  | ${line}`).join("\n")}`;
}

function quoteForDisplay(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The option only command: reads: the argv as a list (a config file's `command`), instead of NAME split as a shell would. */
const COMMAND_OPTIONS = [
  stringListOption({
    key: "argv",
    config: ["command"],
    help: 'command: the program and its arguments as a list, used as given (on the command line: --model command:"CMD ARGS")',
  }),
  integerOption({
    key: "replicas",
    flag: "replicas",
    placeholder: "n",
    config: ["replicas"],
    minimum: 1,
    help: "command: run N copies of the program (VLM_BENCH_REPLICA=0..N-1)",
  }),
  devicesOption({
    key: "devices",
    flag: "devices",
    placeholder: "list",
    config: ["devices"],
    help: "command: with --replicas, CUDA_VISIBLE_DEVICES per replica, e.g. 0,1,2,3",
  }),
] as const;

export const commandAdapter: AdapterFactory = {
  kind: "command",
  description: 'command:"CMD ARGS" — a local model in any language, a child process speaking JSON lines on stdin/stdout',
  options: COMMAND_OPTIONS,
  create(spec) {
    const { argv, replicas, devices } = readOptions("command", COMMAND_OPTIONS, spec.options) as {
      argv?: string[];
      replicas?: number;
      devices?: string;
    };
    return createCommandAdapter({
      ...(argv !== undefined ? { argv } : { command: spec.name }),
      settings: spec.settings,
      timeoutMs: spec.timeoutMs,
      retries: spec.retries,
      concurrency: spec.concurrency,
      maxConcurrency: spec.maxConcurrency,
      ...(replicas !== undefined ? { replicas } : {}),
      ...(devices !== undefined ? { devices: devices.split(",").map((d) => d.trim()) } : {}),
    });
  },
};
