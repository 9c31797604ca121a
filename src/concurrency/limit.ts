import { UsageError } from "../errors.js";

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
  /** Rounds between two floor probes (see endRound). Default 60. */
  probeEvery?: number;
}

/**
 * TCP Vegas (Brakmo & Peterson 1995) as Netflix's concurrency-limits `VegasLimit` applies it
 * to request concurrency. The lowest latency seen (here: of a round's mean) is the server's no-queue time; with limit L
 * and latency r, about `L × (1 − rttNoLoad / r)` requests are waiting in its queue. Keep that
 * queue between alpha = 3·log10 L and beta = 6·log10 L: grow while it is shorter (by beta at
 * once when it is under log10 L), shrink when longer. Chosen over a pure AIMD (which finds a
 * limit only by overflowing the server, so p50 latency sits at a full queue) and over the
 * gradient limiters (whose smoothed long-term RTT reacts slowly to a server that queues at
 * once, like vLLM's continuous batcher): Vegas stops growing as soon as the server starts
 * queueing, which is what keeps p50 near the floor.
 *
 * Changes from Netflix: the limit moves once per round (one limit's worth of answers, about
 * one round trip, judged on the round's mean latency) rather than per answer, so one slow
 * answer does not move it; as in TCP, a round with a drop (429/503/timeout) cuts the limit
 * multiplicatively (× 0.9), since a server that sheds load shows no queueing at all, and from
 * then on the limit grows by one a round (AIMD's additive increase) rather than by beta; until the
 * first sign of queueing or a drop the limit doubles each round (slow start), and an overshoot
 * is undone at once; a queue far above beta shrinks by half its excess a round; and the floor is
 * re-measured every 60 rounds at a quarter of the limit (BBR's ProbeRTT), the median of three probes;
 * alpha and beta are at least 10% and 20% of L; and a queue above beta must last two rounds
 * before the limit shrinks (latency jitter on a busy client machine is not queueing).
 */
export class VegasLimit implements Limit {
  readonly max: number;
  private readonly initial: number;
  private readonly minRound: number;
  private readonly probeEvery: number;
  private limit = 1;
  private slowStart = true;
  /** After a drop the server sheds load rather than queueing: grow by one a round, as AIMD does. */
  private shedding = false;
  /**
   * The server's time without a queue: the median of the last three probes (round means taken
   * at a quarter of the limit), or before the first probe the lowest round mean. Round means and a
   * median rather than the lowest answer ever: on a busy machine one lucky answer (or round)
   * sets a floor no later round reaches, and the limit would shrink to fit a queue that is not there.
   */
  private probes: number[] = [];
  private floor = Infinity;
  /** Rounds in a row whose queue was above beta: one is noise, two is a queue. */
  private overBeta = 0;
  private sinceProbe = 0;
  /** ProbeRTT: 2 = draining the queue at a quarter of the limit, 1 = measuring the floor, 0 = off. */
  private probing = 0;
  private saved = 1;
  private roundCount = 0;
  private roundRtt = 0;
  private roundMaxInFlight = 0;
  private roundDropped = false;

  constructor(options: VegasOptions = {}) {
    this.max = Math.max(1, Math.floor(options.max ?? 256));
    this.initial = Math.min(this.max, Math.max(1, Math.floor(options.initial ?? 4)));
    this.minRound = options.minRound ?? 4;
    this.probeEvery = options.probeEvery ?? 60;
    this.reset();
  }

  get current(): number {
    return Math.max(1, Math.floor(this.limit));
  }

  reset(): void {
    this.limit = this.initial;
    this.slowStart = true;
    this.shedding = false;
    this.probes = [];
    this.floor = Infinity;
    this.overBeta = 0;
    this.sinceProbe = 0;
    this.probing = 0;
    this.newRound();
  }

  private remember(probe: number): void {
    this.probes.push(probe);
    if (this.probes.length > 3) this.probes.shift();
    const sorted = [...this.probes].sort((a, b) => a - b);
    this.floor = sorted[Math.floor((sorted.length - 1) / 2)]!;
  }

  onSuccess(rttMs: number, inFlight: number): void {
    const rtt = Math.max(rttMs, 0.01);
    this.roundCount++;
    this.roundRtt += rtt;
    this.roundMaxInFlight = Math.max(this.roundMaxInFlight, inFlight);
    // The drain round of a probe lasts until everything sent before the cut is back.
    const target = this.probing === 2 ? Math.ceil(this.saved) : this.current;
    if (this.roundCount >= Math.max(this.minRound, target)) this.endRound();
  }

  onDrop(): void {
    if (this.roundDropped) return;
    // At most one cut per round: the answers of one overfull round all come back at once.
    this.roundDropped = true;
    this.slowStart = false;
    this.shedding = true;
    this.limit = Math.max(1, this.limit * 0.9);
  }

  private endRound(): void {
    const meanRtt = this.roundRtt / this.roundCount;
    if (this.probing > 0) {
      this.probeRound(meanRtt);
      return;
    }
    if (this.probes.length === 0) this.floor = Math.min(this.floor, meanRtt);
    if (++this.sinceProbe >= this.probeEvery) {
      // Rounds at the limit all queue a little, so a floor taken from them would let the limit
      // creep up: every probeEvery rounds, cut the limit to a quarter (a queue up to three times
      // the server's slots drains), wait until all sent before the cut are back, then take one
      // round's latency, measured without a queue.
      this.saved = this.limit;
      this.limit = Math.max(1, this.limit / 4);
      this.probing = 2;
      this.sinceProbe = 0;
      this.newRound();
      return;
    }
    const dropped = this.roundDropped;
    const used = this.roundMaxInFlight;
    this.newRound();
    if (dropped) return;
    const limit = this.limit;
    const log = Math.max(1, Math.log10(limit));
    // Netflix's thresholds (3 and 6 × log10 L), widened at large limits to 10% and 20% of L
    // as its VegasLimit documentation proposes, so latency may vary by a fifth without a cut.
    const alpha = Math.max(3 * log, 0.1 * limit);
    const beta = Math.max(6 * log, 0.2 * limit);
    const queue = limit * (1 - this.floor / meanRtt);
    this.overBeta = queue > beta ? this.overBeta + 1 : 0;
    if (queue > alpha && this.slowStart) {
      // Slow start overshot: the requests in service are about limit − queue; keep alpha queued.
      this.slowStart = false;
      this.limit = Math.max(1, limit - queue + alpha);
    } else if (queue > beta) {
      if (this.overBeta >= 2) this.limit = Math.max(1, limit - Math.max(log, (queue - beta) / 2));
    } else if (used * 2 < limit)
      return; // the caller did not use the limit: no evidence to grow on
    else if (this.slowStart) this.limit = Math.min(this.max, limit * 2);
    else if (this.shedding) {
      if (queue < alpha) this.limit = Math.min(this.max, limit + 1);
    } else if (queue <= log) this.limit = Math.min(this.max, limit + beta);
    else if (queue < alpha) this.limit = Math.min(this.max, limit + log);
  }

  private probeRound(meanRtt: number): void {
    const dropped = this.roundDropped;
    this.newRound();
    if (--this.probing > 0) return;
    this.remember(meanRtt);
    if (!dropped) this.limit = this.saved;
  }

  private newRound(): void {
    this.roundCount = 0;
    this.roundRtt = 0;
    this.roundMaxInFlight = 0;
    this.roundDropped = false;
  }
}

/** `--concurrency auto|N` and `--max-concurrency N`, per endpoint. */
export interface ConcurrencySetting {
  concurrency?: number | "auto";
  maxConcurrency?: number;
}

export const DEFAULT_MAX_CONCURRENCY = 256;

/** The limit every endpoint (or replica) gets: Vegas for `auto` (the default), else fixed. */
export function limitFactory(setting: ConcurrencySetting): () => Limit {
  const max = setting.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max-concurrency must be a whole number ≥ 1, got ${max}.`);
  const fixed = setting.concurrency;
  if (fixed === undefined || fixed === "auto") return () => new VegasLimit({ initial: Math.min(4, max), max });
  if (!Number.isInteger(fixed) || fixed < 1) throw new UsageError(`--concurrency must be "auto" or a whole number ≥ 1, got ${fixed}.`);
  return () => new FixedLimit(fixed);
}
