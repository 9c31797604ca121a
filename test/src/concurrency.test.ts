import { describe, expect, it } from "vitest";
import { FixedLimit, VegasLimit } from "../../src/concurrency/limit.js";
import { Pool } from "../../src/concurrency/pool.js";

/** Feeds a limit answers from a server with `slots` in service at `ms` each, queueing the rest, for `rounds` rounds. */
function drive(limit: VegasLimit, slots: number, ms: number, rounds: number): number[] {
  const seen: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const inFlight = limit.current;
    const rtt = ms * Math.max(1, inFlight / slots);
    for (let i = 0; i < Math.max(4, inFlight); i++) limit.onSuccess(rtt, inFlight);
    seen.push(limit.current);
  }
  return seen;
}

describe("VegasLimit", () => {
  it("doubles from its start while latency stays at the floor, then settles a few requests above the server's slots", () => {
    const limit = new VegasLimit({ initial: 4, max: 256 });
    const seen = drive(limit, 64, 100, 100);
    // Slow start overshoots to 128, and is undone in one round.
    expect(seen.slice(0, 5)).toEqual([8, 16, 32, 64, 128]);
    // Queue kept between alpha = 3·log10 L (≈ 5.6) and beta = 6·log10 L (≈ 11): L within 64 + [0, 12],
    // except each floor probe (every 60 rounds) at a quarter of the limit, which lasts until all sent before it are back.
    const settled = seen.slice(5);
    const probes = settled.filter((l) => l < 64);
    for (const l of probes) expect(l).toBeGreaterThanOrEqual(16);
    expect(probes.length).toBeLessThanOrEqual(12);
    for (const l of settled.filter((l) => l >= 64)) expect(l).toBeLessThanOrEqual(64 + 12);
  });

  it("never exceeds max, and a caller that does not use the limit gives it no reason to grow", () => {
    const capped = new VegasLimit({ initial: 4, max: 20 });
    drive(capped, 1000, 10, 20);
    expect(capped.current).toBe(20);
    const idle = new VegasLimit({ initial: 8 });
    for (let i = 0; i < 100; i++) idle.onSuccess(10, 2);
    expect(idle.current).toBe(8);
  });

  it("cuts the limit by a tenth once per round on 429/503/timeouts, and reset() starts over", () => {
    const limit = new VegasLimit({ initial: 50, max: 256 });
    limit.onDrop();
    limit.onDrop();
    expect(limit.current).toBe(45);
    limit.reset();
    expect(limit.current).toBe(50);
  });

  it("shrinks when the latency climbs well above its floor (the server queues)", () => {
    const limit = new VegasLimit({ initial: 4, max: 256 });
    drive(limit, 1000, 100, 5); // slow start to 128 at flat latency
    const before = limit.current;
    for (let i = 0; i < before; i++) limit.onSuccess(400, before); // 3/4 of the requests now wait
    expect(limit.current).toBeLessThan(before);
  });
});

describe("Pool", () => {
  const pool = (limits: number[], probe?: (m: string) => Promise<void>) => {
    const queue = [...limits];
    return new Pool<string>({
      members: limits.map((_, i) => `m${i}`),
      label: (m) => m,
      newLimit: () => new FixedLimit(queue.shift()!),
      probe,
    });
  };

  it("sends each request to the member with the most free room, and makes the rest wait", async () => {
    const p = pool([2, 1]);
    const a = await p.acquire();
    const b = await p.acquire();
    const c = await p.acquire();
    expect([a.member, b.member, c.member]).toEqual(["m0", "m0", "m1"]); // ties go to the first
    let waited = false;
    const d = p.acquire().then((lease) => ((waited = true), lease));
    await new Promise((r) => setTimeout(r, 10));
    expect(waited).toBe(false);
    c.success(5);
    expect((await d).member).toBe("m1");
    expect(p.maxInFlight).toBe(3);
    expect(p.status()).toBe("limits 2+1");
  });

  it("takes an unreachable member out while another is up, never the last one, and probes it back", async () => {
    let healthy = false;
    const p = pool([1, 1], async () => {
      if (!healthy) throw new Error("still down");
    });
    const a = await p.acquire();
    expect(a.takeOut("refused")).toBe(true);
    expect(p.limits()).toEqual([0, 1]);
    expect(p.status()).toBe("limits —+1");
    const b = await p.acquire();
    expect(b.member).toBe("m1");
    expect(b.takeOut("refused")).toBe(false); // the last member stays: the caller's retries decide
    healthy = true;
    await new Promise((r) => setTimeout(r, 700)); // first probe after 500 ms
    expect(p.limits()).toEqual([1, 1]);
    p.close();
  });

  it("rejects a waiting request when its signal aborts", async () => {
    const p = pool([1]);
    await p.acquire();
    const controller = new AbortController();
    const waiting = p.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});

describe("VegasLimit against a server that sheds load (429 above its capacity, latency flat)", () => {
  it("after the first drop grows by one a round and cuts by a tenth on each drop, staying near the capacity", () => {
    const limit = new VegasLimit({ initial: 4, max: 256 });
    const seen: number[] = [];
    for (let round = 0; round < 60; round++) {
      const inFlight = limit.current;
      for (let i = 0; i < Math.max(4, inFlight); i++) {
        if (i >= 16)
          limit.onDrop(); // requests beyond 16 in flight are refused
        else limit.onSuccess(100, inFlight);
      }
      seen.push(limit.current);
    }
    const late = seen.slice(20);
    const probes = late.filter((l) => l < 13); // a floor probe at a quarter of the limit, every 60 rounds
    expect(probes.length).toBeLessThanOrEqual(8);
    for (const l of probes) expect(l).toBeGreaterThanOrEqual(3);
    for (const l of late.filter((l) => l >= 13)) expect(l).toBeLessThanOrEqual(18);
  });
});

describe("VegasLimit on a busy machine (latency jitter, no queue below the slots)", () => {
  it("does not mistake jitter for queueing: the floor is a round's mean, not one lucky answer", () => {
    let seed = 7;
    const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 0.6; // up to +60 %
    const limit = new VegasLimit({ initial: 4, max: 256 });
    const seen: number[] = [];
    for (let round = 0; round < 80; round++) {
      const inFlight = limit.current;
      for (let i = 0; i < Math.max(4, inFlight); i++) limit.onSuccess(100 * Math.max(1, inFlight / 64) * (1 + jitter()), inFlight);
      seen.push(limit.current);
    }
    const settled = seen.slice(10).filter((l) => l >= 40); // leave out the half-limit probe rounds
    expect(settled.length).toBeGreaterThan(50);
    for (const l of settled) expect(l).toBeGreaterThanOrEqual(56);
    for (const l of settled) expect(l).toBeLessThanOrEqual(84);
  });
});
