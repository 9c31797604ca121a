import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { type CommandRequest, type CommandTextReply, parseReply } from "./protocol.js";

/** Why a request got no reply from this child: it exited, was killed, or never started. */
export class ChildGone extends Error {
  constructor(
    message: string,
    /** Whether this child had answered anything before it went. */
    readonly everReplied: boolean,
  ) {
    super(message);
  }
}

/** The child's own `{"id", "error"}` answer: a per-sample failure, not worth a retry. */
export class ChildReplyError extends Error {}

export interface ChildOptions {
  program: string;
  argv: readonly string[];
  /** Prefix for the child's stderr lines. */
  label: string;
  /** Where stderr lines and protocol warnings go. */
  log: (line: string) => void;
  /** Silence allowed, with requests waiting, before the child counts as hung: before and after its first reply. */
  startupTimeoutMs: number;
  timeoutMs: number;
  /** Called with each stdout line that is not a reply (the adapter reports the first one). */
  onProtocolError: (lineNumber: number, line: string, problem: string) => void;
  /** Variables added to the child's environment (a replica's VLM_BENCH_REPLICA, CUDA_VISIBLE_DEVICES). */
  env?: Readonly<Record<string, string>>;
  /** How many of the last stderr lines to keep for error messages. */
  stderrTail?: number;
}

interface Waiting {
  resolve: (reply: CommandTextReply) => void;
  reject: (error: Error) => void;
}

/** One running child: writes requests, matches replies by id, watches for exit and silence. */
export class ChildSession {
  readonly stderrLines: string[] = [];
  /** Resolves when the process has exited (or failed to spawn), with a description. */
  readonly exited: Promise<string>;
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private replies = 0;
  private stdoutLines = 0;
  private goneReason: string | null = null;
  private killReason: string | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly options: ChildOptions) {
    this.child = spawn(options.program, options.argv.slice(1), {
      argv0: options.argv[0],
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
      ...(options.env !== undefined ? { env: { ...process.env, ...options.env } } : {}),
    });
    this.child.stdin!.on("error", () => {}); // EPIPE when the child has died: its exit is what we report
    const tail = options.stderrTail ?? 20;
    createInterface({ input: this.child.stderr! }).on("line", (line) => {
      this.stderrLines.push(line);
      if (this.stderrLines.length > tail) this.stderrLines.shift();
      options.log(`${options.label} ${line}`);
    });
    createInterface({ input: this.child.stdout! }).on("line", (line) => this.onLine(line));
    this.exited = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.gone(`could not be started: ${error.message}`);
        resolve(this.goneReason!);
      });
      // "close", not "exit": by then stdout is drained, so replies written just before exiting count.
      this.child.on("close", (code, signal) => {
        const how = this.killReason ?? (signal !== null ? `was killed by ${signal}` : `exited with code ${code}`);
        this.gone(how);
        resolve(this.goneReason!);
      });
    });
  }

  get alive(): boolean {
    return this.goneReason === null && this.killReason === null;
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /** Sends one request; resolves with the child's reply, rejects with ChildGone or ChildReplyError. */
  request(request: CommandRequest, signal?: AbortSignal): Promise<CommandTextReply> {
    if (!this.alive) return Promise.reject(new ChildGone(`it ${this.goneReason ?? this.killReason}`, this.replies > 0));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        // The child may still answer; its late reply finds no waiter and is dropped.
        this.waiting.delete(request.id);
        reject(signal!.reason instanceof Error ? signal!.reason : new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener("abort", onAbort);
          this.waiting.delete(request.id);
          fn(value);
        };
      if (this.waiting.size === 0) this.armWatchdog();
      this.waiting.set(request.id, { resolve: settle(resolve), reject: settle(reject) });
      this.child.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  /** Stops the child (the adapter restarts it); waiting requests fail with ChildGone(reason). */
  kill(reason: string): void {
    if (!this.alive) return;
    this.killReason = reason;
    this.child.kill("SIGTERM");
    const force = setTimeout(() => this.child.kill("SIGKILL"), 2000);
    force.unref();
    void this.exited.then(() => clearTimeout(force));
  }

  /** Closes stdin (the child's cue to exit), then escalates if it lingers. */
  async close(graceMs = 3000): Promise<void> {
    if (this.goneReason !== null) return;
    this.killReason ??= "was closed by the harness";
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill("SIGTERM"), graceMs);
    const force = setTimeout(() => this.child.kill("SIGKILL"), graceMs * 2);
    await this.exited;
    clearTimeout(timer);
    clearTimeout(force);
  }

  private onLine(line: string): void {
    this.stdoutLines++;
    if (line.trim() === "") return;
    const parsed = parseReply(line);
    if ("problem" in parsed) {
      this.options.onProtocolError(this.stdoutLines, line, parsed.problem);
      // A malformed reply to a waiting request fails that request now rather than at the timeout.
      if (parsed.id !== undefined) this.waiting.get(parsed.id)?.reject(new ChildReplyError(`its reply ${parsed.problem}`));
      return;
    }
    const { reply } = parsed;
    const waiter = this.waiting.get(reply.id);
    if (waiter === undefined) return; // a reply to a request given up on (abort): nothing waits for it
    this.replies++;
    this.armWatchdog();
    if ("error" in reply) waiter.reject(new ChildReplyError(reply.error));
    else waiter.resolve(reply);
  }

  /** Restarts the silence clock; fires only while requests are waiting. */
  private armWatchdog(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    const limit = this.replies === 0 ? this.options.startupTimeoutMs : this.options.timeoutMs;
    this.watchdog = setTimeout(() => {
      if (this.waiting.size > 0) this.kill(`stopped answering (no reply for ${Math.round(limit / 1000)} s)`);
    }, limit);
    this.watchdog.unref();
  }

  private gone(reason: string): void {
    if (this.goneReason !== null) return;
    this.goneReason = reason;
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    const error = new ChildGone(`it ${reason}`, this.replies > 0);
    for (const waiter of [...this.waiting.values()]) waiter.reject(error);
    this.waiting.clear();
  }
}
