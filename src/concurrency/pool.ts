import { setMaxListeners } from "node:events";
import type { Limit } from "./limit.js";

/** Signals whose listener cap is lifted: every waiting request listens on the run's one signal. */
const lifted = new WeakSet<AbortSignal>();

export interface PoolOptions<M> {
  members: readonly M[];
  /** How a member is named in messages (a URL without credentials, "replica 2"). */
  label: (member: M) => string;
  /** One limit per member. */
  newLimit: () => Limit;
  /** Resolves when a taken-out member answers again, rejects while it does not. */
  probe?: (member: M) => Promise<void>;
  /** First probe delay, doubled per failed probe up to maxProbeDelayMs. Defaults 500 and 30000. */
  probeDelayMs?: number;
  maxProbeDelayMs?: number;
  log?: (message: string) => void;
}

/** One request's hold on a member's slot. Exactly one of its methods must be called, once. */
export interface Lease<M> {
  readonly member: M;
  /** Answered after `rttMs` (the limit learns from it). */
  success(rttMs: number): void;
  /** The member pushed back (429, 503, timeout): the limit shrinks. */
  drop(): void;
  /** Neither: the request failed in a way that says nothing about load, or was aborted. */
  release(): void;
  /**
   * The member is unreachable: take it out of rotation and probe it with backoff. Returns false
   * (and keeps it) when it is the last member up, so the caller's own retries decide.
   */
  takeOut(reason: string): boolean;
}

interface Slot<M> {
  member: M;
  limit: Limit;
  inFlight: number;
  up: boolean;
  probes: number;
  timer?: NodeJS.Timeout;
}

interface Waiter<M> {
  resolve: (lease: Lease<M>) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Several endpoints (or replicas) of one model, each with its own in-flight limit. A request
 * goes to the member with the most free room; a member that cannot be reached is taken out and
 * probed with backoff, then comes back with a fresh limit.
 */
export class Pool<M> {
  private readonly slots: Slot<M>[];
  private readonly waiters: Waiter<M>[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions<M>) {
    if (options.members.length === 0) throw new Error("a pool needs at least one member");
    this.slots = options.members.map((member) => ({ member, limit: options.newLimit(), inFlight: 0, up: true, probes: 0 }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** How many callers may usefully wait on the pool at once: every member at its largest limit. */
  get maxInFlight(): number {
    return this.slots.reduce((sum, slot) => sum + slot.limit.max, 0);
  }

  /** For the progress line: `limit 72`, or `limits 30+31+—+29` with taken-out members as —. */
  status(): string {
    if (this.slots.length === 1) return `limit ${this.slots[0]!.limit.current}`;
    return `limits ${this.slots.map((s) => (s.up ? String(s.limit.current) : "—")).join("+")}`;
  }

  /** Current limits, taken-out members as 0 (for tests and figures). */
  limits(): number[] {
    return this.slots.map((s) => (s.up ? s.limit.current : 0));
  }

  /** Waits for a member with room. Rejects with the signal's reason when it aborts. */
  acquire(signal?: AbortSignal): Promise<Lease<M>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slot = this.roomiest();
    if (slot !== null && this.waiters.length === 0) return Promise.resolve(this.lease(slot));
    return new Promise((resolve, reject) => {
      const waiter: Waiter<M> = { resolve, reject, signal };
      if (signal !== undefined) {
        if (!lifted.has(signal)) {
          lifted.add(signal);
          setMaxListeners(0, signal);
        }
        waiter.onAbort = () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Stops probing. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
  }

  private roomiest(): Slot<M> | null {
    let best: Slot<M> | null = null;
    for (const slot of this.slots) {
      if (!slot.up || slot.inFlight >= slot.limit.current) continue;
      if (best === null || slot.limit.current - slot.inFlight > best.limit.current - best.inFlight) best = slot;
    }
    return best;
  }

  private dispatch(): void {
    while (this.waiters.length > 0) {
      const slot = this.roomiest();
      if (slot === null) return;
      const waiter = this.waiters.shift()!;
      if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.lease(slot));
    }
  }

  private lease(slot: Slot<M>): Lease<M> {
    const inFlight = ++slot.inFlight;
    let open = true;
    const finish = (learn: () => void) => {
      if (!open) return;
      open = false;
      slot.inFlight--;
      learn();
      this.dispatch();
    };
    return {
      member: slot.member,
      success: (rttMs) => finish(() => slot.limit.onSuccess(rttMs, inFlight)),
      drop: () => finish(() => slot.limit.onDrop()),
      release: () => finish(() => {}),
      takeOut: (reason) => {
        const others = this.slots.some((s) => s !== slot && s.up);
        if (!others || this.options.probe === undefined) {
          finish(() => {});
          return false;
        }
        finish(() => {
          if (!slot.up) return;
          slot.up = false;
          slot.probes = 0;
          const up = this.slots.filter((s) => s.up).length;
          this.options.log?.(
            `${this.options.label(slot.member)}: ${reason}; taken out (${up} of ${this.slots.length} left), probing it again.`,
          );
          this.scheduleProbe(slot);
        });
        return true;
      },
    };
  }

  private scheduleProbe(slot: Slot<M>): void {
    if (this.closed) return;
    const base = this.options.probeDelayMs ?? 500;
    const wait = Math.min(this.options.maxProbeDelayMs ?? 30_000, base * 2 ** slot.probes);
    slot.timer = setTimeout(() => {
      this.options.probe!(slot.member).then(
        () => {
          if (this.closed) return;
          slot.up = true;
          slot.limit.reset();
          this.options.log?.(`${this.options.label(slot.member)}: answers again; back in rotation.`);
          this.dispatch();
        },
        () => {
          slot.probes++;
          this.scheduleProbe(slot);
        },
      );
    }, wait);
    slot.timer.unref();
  }
}
