import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../src/random.js";
import { meanOf, pairedBootstrap, pairedBootstrapMany } from "../../../src/stats/paired-bootstrap.js";

describe("paired bootstrap", () => {
  it.each([7, 4_000_000_000])("draws positions ⌊rng()·n⌋ from mulberry32(%i) and gives both statistics the same weights", (seed) => {
    const seen: number[][] = [];
    const record = (weights: Uint32Array) => (seen.push([...weights]), 0);
    pairedBootstrap(5, record, record, { resamples: 2, seed });
    const rng = mulberry32(seed);
    const draw = () => {
      const counts = [0, 0, 0, 0, 0];
      for (let i = 0; i < 5; i++) counts[Math.floor(rng() * 5)]!++;
      return counts;
    };
    const first = draw();
    const second = draw();
    // Call order: observed (candidate, baseline), then per resample (candidate, baseline).
    expect(seen).toEqual([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], first, first, second, second]);
  });

  it("draws within strata: stratum sizes are kept, positions drawn stratum by stratum from one stream", () => {
    const seen: number[][] = [];
    const record = (weights: Uint32Array) => (seen.push([...weights]), 0);
    pairedBootstrap([2, 3], record, record, { resamples: 1, seed: 5 });
    const rng = mulberry32(5);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 2; i++) counts[Math.floor(rng() * 2)]!++;
    for (let i = 0; i < 3; i++) counts[2 + Math.floor(rng() * 3)]!++;
    expect(seen[2]).toEqual(counts);
  });

  it("two items with differences 0 and 1: resampled mean difference is 0, ½, 1 with P ¼, ½, ¼", () => {
    // Hand-worked: P(d* ≤ 0) = P(both draws hit item 0) = ¼, P(d* ≥ 0) = 1, so p ≈ 2·¼ = ½,
    // and the 2.5% / 97.5% percentiles are 0 and 1.
    const r = pairedBootstrap(2, meanOf([0, 0]), meanOf([0, 1]), { resamples: 20_000, seed: 1 });
    expect(r.difference).toBe(0.5);
    expect(r.pValue).toBeGreaterThan(0.48);
    expect(r.pValue).toBeLessThan(0.52);
    expect(r.ci).toEqual([0, 1]);
    expect(r.resamples).toBe(20_000);
  });

  it("a uniform shift of every graded item has a zero-width interval and the smallest p, 2/(B+1)", () => {
    const base = [0.3, 0.6, 0.9, 0, 1, 0.3];
    const cand = base.map((x) => x - 0.25);
    const r = pairedBootstrap(base.length, meanOf(base), meanOf(cand), { resamples: 999 });
    expect(r.difference).toBeCloseTo(-0.25, 12);
    expect(r.ci[0]).toBeCloseTo(-0.25, 12);
    expect(r.ci[1]).toBeCloseTo(-0.25, 12);
    expect(r.pValue).toBeCloseTo(2 / 1000, 15);
  });

  it("identical runs: difference 0, interval [0, 0], p = 1", () => {
    const xs = [1, 0, 0.5, 1];
    const r = pairedBootstrap(4, meanOf(xs), meanOf(xs), { resamples: 500 });
    expect(r).toMatchObject({ difference: 0, ci: [0, 0], pValue: 1 });
  });

  it("pairedBootstrapMany gives each pair what pairedBootstrap gives it alone", () => {
    const a = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const b = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const c = Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? 0.5 : 1));
    const many = pairedBootstrapMany(
      30,
      [
        { baseline: meanOf(a), candidate: meanOf(b) },
        { baseline: meanOf(b), candidate: meanOf(c) },
      ],
      { resamples: 300, seed: 9 },
    );
    expect(many[0]).toEqual(pairedBootstrap(30, meanOf(a), meanOf(b), { resamples: 300, seed: 9 }));
    expect(many[1]).toEqual(pairedBootstrap(30, meanOf(b), meanOf(c), { resamples: 300, seed: 9 }));
  });

  it("is reproducible from its seed and changes with it", () => {
    const base = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const cand = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const run = (seed: number) => pairedBootstrap(50, meanOf(base), meanOf(cand), { resamples: 300, seed });
    expect(run(3)).toEqual(run(3));
    expect(run(3).ci).not.toEqual(run(4).ci);
  });

  it("narrows the interval with a lower confidence level", () => {
    const base = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const cand = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const wide = pairedBootstrap(40, meanOf(base), meanOf(cand), { resamples: 2000, level: 0.99 });
    const narrow = pairedBootstrap(40, meanOf(base), meanOf(cand), { resamples: 2000, level: 0.8 });
    expect(narrow.ci[0]).toBeGreaterThan(wide.ci[0]);
    expect(narrow.ci[1]).toBeLessThan(wide.ci[1]);
  });

  it("skips resamples whose statistic is undefined (NaN)", () => {
    // F1-like statistic: NaN when the resample holds no positive.
    const stat = (values: number[]) => (weights: Uint32Array) => {
      let pos = 0;
      for (let i = 0; i < values.length; i++) pos += weights[i]! * values[i]!;
      return pos === 0 ? NaN : pos / 2;
    };
    const r = pairedBootstrap(2, stat([1, 0]), stat([1, 0]), { resamples: 400 });
    expect(r.resamples).toBeLessThan(400); // about a quarter of resamples hold item 1 twice
    expect(r.resamples).toBeGreaterThan(200);
  });

  it.each([
    [0, 10],
    [3, 0],
  ])("rejects n=%i, resamples=%i", (n, resamples) => {
    expect(() => pairedBootstrap(n, meanOf([]), meanOf([]), { resamples })).toThrow(RangeError);
  });
});
