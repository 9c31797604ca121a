import cliProgress from "cli-progress";

/** Where the runner reports progress: a bar on a TTY, periodic lines in logs, or nothing. */
export interface Progress {
  /** `status` (when given) is shown on each line: the current in-flight limit(s). */
  start(label: string, total: number, alreadyDone: number, status?: () => string): void;
  tick(ok: boolean): void;
  stop(): void;
}

export type ProgressMode = "tty" | "plain" | "none";

export function progressMode(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (!enabled) return "none";
  return stream.isTTY ? "tty" : "plain";
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (mode === "tty") return new BarProgress(stream);
  if (mode === "plain") return new LineProgress(stream);
  return { start() {}, tick() {}, stop() {} };
}

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;
  private errors = 0;
  private status: (() => string) | undefined;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  start(label: string, total: number, alreadyDone: number, status?: () => string): void {
    this.errors = 0;
    this.status = status;
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format: `${label.padEnd(10)} {bar} {value}/{total} | {speed}/s | ETA {eta_formatted} | errors {errors}${status ? " | {limit}" : ""}`,
        hideCursor: true,
        etaBuffer: 200,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, alreadyDone, { errors: 0, speed: NO_RATE, limit: status?.() ?? "" });
  }

  tick(ok: boolean): void {
    const bar = this.bar;
    if (bar === null) return;
    // A failed sample is not done: it counts as an error, and the bar does not move.
    if (!ok) this.errors++;
    bar.increment(ok ? 1 : 0, { errors: this.errors, speed: barRate(bar), limit: this.status?.() ?? "" });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

function barRate(bar: cliProgress.SingleBar): string {
  const state = bar as unknown as { startTime: number; value: number; startValue: number };
  return rateText(state.value - state.startValue, (Date.now() - state.startTime) / 1000);
}

/** Shown instead of a rate when there is none to show: nothing answered yet (all resumed) or no time measured. */
const NO_RATE = "–";

/** Samples answered in this session per second, or NO_RATE rather than a "0.0/s" that reads as a stalled server. */
export function rateText(answered: number, seconds: number): string {
  return answered > 0 && seconds > 0 ? (answered / seconds).toFixed(1) : NO_RATE;
}

/** For logs and CI: one line every `everyMs`, and one at the end. */
class LineProgress implements Progress {
  private label = "";
  private total = 0;
  private done = 0;
  private errors = 0;
  private startDone = 0;
  private started = 0;
  private lastPrint = 0;
  private status: (() => string) | undefined;
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly everyMs = 10_000,
  ) {}

  start(label: string, total: number, alreadyDone: number, status?: () => string): void {
    Object.assign(this, { label, total, done: alreadyDone, startDone: alreadyDone, errors: 0, status });
    this.started = this.lastPrint = Date.now();
    this.print();
  }

  tick(ok: boolean): void {
    // A failed sample is not done: it counts as an error only.
    if (ok) this.done++;
    else this.errors++;
    if (Date.now() - this.lastPrint >= this.everyMs) this.print();
  }

  stop(): void {
    if (this.total > 0) this.print();
  }

  private print(): void {
    this.lastPrint = Date.now();
    const seconds = (this.lastPrint - this.started) / 1000;
    const answered = this.done - this.startDone;
    const rate = rateText(answered, seconds);
    const left = this.total - this.done - this.errors;
    const eta = left <= 0 ? "0s" : rate === NO_RATE ? "?" : `${Math.ceil(left / (answered / seconds))}s`;
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const resumed = this.startDone > 0 ? ` (${this.startDone} resumed)` : "";
    this.stream.write(
      `${this.label}: ${this.done}/${this.total} (${pct}%)${resumed} ${rate}/s ETA ${eta} errors ${this.errors}${this.status ? ` ${this.status()}` : ""}\n`,
    );
  }
}
