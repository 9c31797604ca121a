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
    this.bar.start(total, alreadyDone, { errors: 0, speed: "0.0", limit: status?.() ?? "" });
  }

  tick(ok: boolean): void {
    if (!ok) this.errors++;
    const bar = this.bar as (cliProgress.SingleBar & { eta?: { getTime(): number } }) | null;
    bar?.increment(1, { errors: this.errors, speed: rateText(bar), limit: this.status?.() ?? "" });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

function rateText(bar: cliProgress.SingleBar): string {
  const state = bar as unknown as { startTime: number; value: number; startValue: number };
  const seconds = (Date.now() - state.startTime) / 1000;
  return seconds > 0 ? ((state.value - state.startValue) / seconds).toFixed(1) : "0.0";
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
    this.done++;
    if (!ok) this.errors++;
    if (Date.now() - this.lastPrint >= this.everyMs) this.print();
  }

  stop(): void {
    if (this.total > 0) this.print();
  }

  private print(): void {
    this.lastPrint = Date.now();
    const seconds = (this.lastPrint - this.started) / 1000;
    const rate = seconds > 0 ? (this.done - this.startDone) / seconds : 0;
    const eta = rate > 0 ? `${Math.ceil((this.total - this.done) / rate)}s` : "?";
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    this.stream.write(
      `${this.label}: ${this.done}/${this.total} (${pct}%) ${rate.toFixed(1)}/s ETA ${eta} errors ${this.errors}${this.status ? ` ${this.status()}` : ""}\n`,
    );
  }
}
