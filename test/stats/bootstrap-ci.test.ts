import { describe, expect, it } from "vitest";
import { bootstrapCi } from "../../src/stats/bootstrap-ci.js";

const mean = (strata: readonly (readonly number[])[]) => {
  const all = strata.flat();
  return all.reduce((a, b) => a + b, 0) / all.length;
};

describe("bootstrapCi (percentile bootstrap, seeded mulberry32)", () => {
  const coin = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0));

  it("is reproducible for a seed and changes with the seed", () => {
    const a = bootstrapCi([coin], mean, { seed: 1 });
    expect(bootstrapCi([coin], mean, { seed: 1 })).toEqual(a);
    expect(bootstrapCi([coin], mean, { seed: 2 })).not.toEqual(a);
  });

  it("gives about ±1.96·sqrt(p(1-p)/n) around a mean of 0/1 items", () => {
    const [lo, hi] = bootstrapCi([coin], mean, { resamples: 2000 });
    const half = 1.96 * Math.sqrt(0.25 / 400); // 0.049
    expect(lo).toBeGreaterThan(0.5 - half - 0.01);
    expect(lo).toBeLessThan(0.5 - half + 0.01);
    expect(hi).toBeGreaterThan(0.5 + half - 0.01);
    expect(hi).toBeLessThan(0.5 + half + 0.01);
  });

  it("narrows with a lower level", () => {
    const [lo95, hi95] = bootstrapCi([coin], mean);
    const [lo80, hi80] = bootstrapCi([coin], mean, { level: 0.8 });
    expect(hi80 - lo80).toBeLessThan(hi95 - lo95);
  });

  it("collapses to the value when every unit is the same", () => {
    const [lo, hi] = bootstrapCi([[0.7, 0.7, 0.7]], mean);
    expect(lo).toBeCloseTo(0.7, 12);
    expect(hi).toBeCloseTo(0.7, 12);
  });

  it("resamples within each stratum, keeping stratum sizes", () => {
    const sizes = new Set<string>();
    bootstrapCi([[1, 1, 1], [0, 0]], (strata) => (sizes.add(strata.map((s) => s.length).join(",")), strata[0]!.reduce((a, b) => a + b, 0)), {
      resamples: 50,
    });
    expect([...sizes]).toEqual(["3,2"]);
    // stratum 0 holds only 1s, so its sum is 3 in every resample
    expect(bootstrapCi([[1, 1, 1], [0, 1]], (strata) => strata[0]!.reduce((a, b) => a + b, 0))).toEqual([3, 3]);
  });

  it.each([
    [{ level: 1 }, /level must be in \(0, 1\)/],
    [{ resamples: 0 }, /resamples must be a positive integer/],
  ])("rejects %o", (options, message) => {
    expect(() => bootstrapCi([coin], mean, options)).toThrow(message);
  });
});
