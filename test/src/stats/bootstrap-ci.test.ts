import { describe, expect, it } from "vitest";
import { bootstrapCi } from "../../../src/stats/bootstrap-ci.js";
import { meanOf } from "../../../src/stats/paired-bootstrap.js";

describe("bootstrapCi (percentile bootstrap over weighted units, seeded mulberry32)", () => {
  const coin = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const mean = meanOf(coin);

  it("is reproducible for a seed and changes with the seed", () => {
    const a = bootstrapCi([400], mean, { seed: 1 });
    expect(bootstrapCi([400], mean, { seed: 1 })).toEqual(a);
    expect(bootstrapCi([400], mean, { seed: 2 })).not.toEqual(a);
  });

  it("gives about ±1.96·sqrt(p(1-p)/n) around a mean of 0/1 items", () => {
    const [lo, hi] = bootstrapCi([400], mean, { resamples: 2000 });
    const half = 1.96 * Math.sqrt(0.25 / 400); // 0.049
    expect(lo).toBeGreaterThan(0.5 - half - 0.01);
    expect(lo).toBeLessThan(0.5 - half + 0.01);
    expect(hi).toBeGreaterThan(0.5 + half - 0.01);
    expect(hi).toBeLessThan(0.5 + half + 0.01);
  });

  it("narrows with a lower level", () => {
    const [lo95, hi95] = bootstrapCi([400], mean);
    const [lo80, hi80] = bootstrapCi([400], mean, { level: 0.8 });
    expect(hi80 - lo80).toBeLessThan(hi95 - lo95);
  });

  it("collapses to the value when every unit is the same", () => {
    const [lo, hi] = bootstrapCi([3], meanOf([0.7, 0.7, 0.7]));
    expect(lo).toBeCloseTo(0.7, 12);
    expect(hi).toBeCloseTo(0.7, 12);
  });

  it("resamples within each stratum, keeping stratum sizes", () => {
    const sizes = new Set<string>();
    // Units 0–2 form stratum 0, units 3–4 stratum 1.
    bootstrapCi([3, 2], (w) => (sizes.add(`${w[0]! + w[1]! + w[2]!},${w[3]! + w[4]!}`), 0), { resamples: 50 });
    expect([...sizes]).toEqual(["3,2"]);
    // stratum 0 holds only 1s, so its weighted sum is 3 in every resample
    const values = [1, 1, 1, 0, 1];
    expect(bootstrapCi([3, 2], (w) => w[0]! * values[0]! + w[1]! * values[1]! + w[2]! * values[2]!)).toEqual([3, 3]);
  });

  it.each([
    [{ level: 1 }, /level must be in \(0, 1\)/],
    [{ resamples: 0 }, /resamples must be a positive integer/],
  ])("rejects %o", (options, message) => {
    expect(() => bootstrapCi([400], mean, options)).toThrow(message);
  });
});
