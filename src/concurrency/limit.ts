/**
 * How many requests one endpoint may have in flight. `FixedLimit` is `--concurrency N`;
 * `VegasLimit` is `--concurrency auto`.
 */
export interface Limit {
  /** The current limit, a whole number ≥ 1. */
  readonly current: number;
  /** The most it can ever be (how many callers may usefully wait on it). */
  readonly max: number;
  /** A request answered after `rttMs`; `inFlight` is how many were in flight when it was sent. */
  onSuccess(rttMs: number, inFlight: number): void;
  /** The server pushed back: 429, 503 or a timeout. */
  onDrop(): void;
  /** Forget what was learnt (an endpoint that comes back after an outage). */
  reset(): void;
}

export class FixedLimit implements Limit {
  constructor(readonly current: number) {}
  get max(): number {
    return this.current;
  }
  onSuccess(): void {}
  onDrop(): void {}
  reset(): void {}
}

export interface VegasOptions {
  initial?: number;
  max?: number;
  /** Below this many completions in a round, a round lasts until this many arrive. */
  minRound?: number;
}

/**
 * TCP Vegas (Brakmo & Peterson 1995) as Netflix's concurrency-limits `VegasLimit` applies it
 * to request concurrency. The lowest latency seen is the server's no-queue time; with limit L
 * and latency r, about `L × (1 − rttNoLoad / r)` requests are waiting in its queue. Keep that
 * queue between alpha = 3·log10 L and beta = 6·log10 L: grow while it is shorter, shrink when
 * longer (and when it is under log10 L, grow by beta at once). Chosen over a pure AIMD (which finds a limit only by overflowing the server, so p50
 * latency sits at a full queue) and over the gradient limiters (whose smoothed long-term RTT
 * reacts slowly to a server that queues at once, like vLLM's continuous batcher): Vegas stops
 * growing as soon as the server starts queueing, which is what keeps p50 near the floor.
 *
 * Two changes from Netflix: the limit moves once per round (one limit's worth of answers,
 * about one round trip, judged on the round's mean latency) rather than per answer, so one
 * slow answer does not move it; and, as in TCP, a round with a drop (429/503/timeout) cuts the
 * limit multiplicatively (× 0.9), since a server that sheds load shows no queueing at all.
 * Until the first sign of queueing or a drop the limit doubles each round (slow start).
 */
export class VegasLimit implements Limit {
  private readonly initial: number;
  readonly max: number;
  private readonly minRound: number;
  private limit = 1;
  private slowStart = true;
  /** Min latency over the current and previous 500 answers: a floor that can rise again. */
  private floor = Infinity;
  private floorNext = Infinity;
  private floorCount = 0;
  private roundCount = 0;
  private roundRtt = 0;
  private roundMaxInFlight = 0;
  private roundDropped = false;

  constructor(options: VegasOptions = {}) {
    this.max = Math.max(1, Math.floor(options.max ?? 256));
    this.initial = Math.min(this.max, Math.max(1, Math.floor(options.initial ?? 4)));
    this.minRound = options.minRound ?? 4;
    this.reset();
  }

  get current(): number {
    return Math.max(1, Math.floor(this.limit));
  }

  reset(): void {
    this.limit = this.initial;
    this.slowStart = true;
    this.floor = this.floorNext = Infinity;
    this.floorCount = 0;
    this.newRound();
  }

  onSuccess(rttMs: number, inFlight: number): void {
    const rtt = Math.max(rttMs, 0.01);
    this.floorNext = Math.min(this.floorNext, rtt);
    this.floor = Math.min(this.floor, rtt);
    if (++this.floorCount >= 500) {
      this.floor = this.floorNext;
      this.floorNext = Infinity;
      this.floorCount = 0;
    }
    this.roundCount++;
    this.roundRtt += rtt;
    this.roundMaxInFlight = Math.max(this.roundMaxInFlight, inFlight);
    if (this.roundCount >= Math.max(this.minRound, this.current)) this.endRound();
  }

  onDrop(): void {
    if (this.roundDropped) return;
    // At most one cut per round: the answers of one overfull round all come back at once.
    this.roundDropped = true;
    this.slowStart = false;
    this.limit = Math.max(1, this.limit * 0.9);
  }

  private endRound(): void {
    const meanRtt = this.roundRtt / this.roundCount;
    const dropped = this.roundDropped;
    const used = this.roundMaxInFlight;
    this.newRound();
    if (dropped) return;
    const limit = this.limit;
    const log = Math.max(1, Math.log10(limit));
    const queue = limit * (1 - this.floor / meanRtt);
    if (queue > 3 * log) this.slowStart = false;
    if (queue > 6 * log) this.limit = Math.max(1, limit - log);
    else if (used * 2 < limit) return; // the caller did not use the limit: no evidence to grow on
    else if (this.slowStart) this.limit = Math.min(this.max, limit * 2);
    else if (queue <= log) this.limit = Math.min(this.max, limit + 6 * log);
    else if (queue < 3 * log) this.limit = Math.min(this.max, limit + log);
  }

  private newRound(): void {
    this.roundCount = 0;
    this.roundRtt = 0;
    this.roundMaxInFlight = 0;
    this.roundDropped = false;
  }
}
