import { describe, expect, it } from "vitest";
import { reducePair } from "../../../src/gate/reduce.js";
import { weightedMean } from "../../../src/item-metrics/generic.js";
import { exactMcNemarDropP, exactMcNemarP } from "../../../src/stats/mcnemar.js";
import { binomialHalfPmf, halfBinomialSampler, type PairedSums, signFlipTest } from "../../../src/stats/sign-flip.js";

/** A plain share over 0/1 units in reduced form (sums: right, count). */
const share = (base: number[], cand: number[]): PairedSums => reducePair(weightedMean(base), weightedMean(cand));

describe("paired randomization (sign-flip) test", () => {
  it("k-of-20: 4 units lost, none gained gives the exact sign-test p — 0.0625 one-sided, 0.125 two-sided", () => {
    const base = Array.from({ length: 20 }, (_, i) => (i < 12 ? 1 : 0));
    const cand = base.map((v, i) => (i < 4 ? 0 : v));
    const r = signFlipTest(share(base, cand));
    expect(r.exact).toBe(true);
    expect(r.discordant).toBe(4);
    expect(r.difference).toBeCloseTo(-0.2, 15);
    expect(r.pDrop).toBeCloseTo(0.0625, 15);
    expect(r.pTwoSided).toBeCloseTo(0.125, 15);
    expect(r.pGain).toBeCloseTo(1, 15);
  });

  it("5 of 20 lost: 1/32 one-sided, 0.0625 two-sided (the bootstrap gave 0.0058)", () => {
    const base = Array.from({ length: 20 }, () => 1);
    const cand = base.map((v, i) => (i < 5 ? 0 : v));
    const r = signFlipTest(share(base, cand));
    expect(r.pDrop).toBeCloseTo(1 / 32, 15);
    expect(r.pTwoSided).toBeCloseTo(0.0625, 15);
  });

  it.each([
    [3, 0],
    [0, 6],
    [1, 5],
    [2, 8],
    [8, 2],
    [5, 5],
    [4, 6],
    [12, 3],
  ])("on a plain share it equals exact McNemar (lost %i, gained %i): one-sided and two-sided", (lost, gained) => {
    const n = lost + gained + 7;
    const base = Array.from({ length: n }, (_, i) => (i < lost ? 1 : i < lost + gained ? 0 : 1));
    const cand = Array.from({ length: n }, (_, i) => (i < lost ? 0 : i < lost + gained ? 1 : 1));
    const r = signFlipTest(share(base, cand));
    expect(r.exact).toBe(true);
    expect(r.pDrop).toBeCloseTo(exactMcNemarDropP(lost, gained), 12);
    expect(r.pGain).toBeCloseTo(exactMcNemarDropP(gained, lost), 12);
    expect(r.pTwoSided).toBeCloseTo(exactMcNemarP(lost, gained), 12);
  });

  it("random swaps agree with exact McNemar when the swaps are too many to enumerate (seeded, reproducible)", () => {
    const lost = 140,
      gained = 100,
      n = 1000;
    const base = Array.from({ length: n }, (_, i) => (i < lost ? 1 : i < lost + gained ? 0 : i % 2));
    const cand = Array.from({ length: n }, (_, i) => (i < lost ? 0 : i < lost + gained ? 1 : i % 2));
    const pair = share(base, cand);
    const r = signFlipTest(pair, { exactLimit: 1, resamples: 20_000, seed: 3 });
    expect(r.exact).toBe(false);
    const exact = exactMcNemarDropP(lost, gained); // ≈ 0.006
    expect(Math.abs(r.pDrop - exact)).toBeLessThan(0.003);
    expect(signFlipTest(pair, { exactLimit: 1, resamples: 20_000, seed: 3 })).toEqual(r);
    // Null spread: d* = Σ ±1/n over 240 discordant units → sd √240/1000.
    expect(r.nullSd).toBeCloseTo(Math.sqrt(240) / 1000, 3);
  });

  it("no discordant unit: p = 1 both ways and no spread", () => {
    const r = signFlipTest(share([1, 0, 1], [1, 0, 1]));
    expect(r).toMatchObject({ difference: 0, pDrop: 1, pGain: 1, pTwoSided: 1, nullSd: 0, exact: true, discordant: 0 });
  });

  it("a composite metric (ratio of sums) swaps whole unit vectors within their stratum, exactly", () => {
    // Two strata; metric = mean over strata of (Σ right / Σ questions). One unit lost in stratum 0.
    const paired: PairedSums = {
      baseline: Float64Array.of(2, 2, 1, 2),
      candidate: Float64Array.of(1, 2, 1, 2),
      groups: [{ offset: 0, delta: Float64Array.of(-1, 0), count: 1 }],
      value: (t) => (t[0]! / t[1]! + t[2]! / t[3]!) / 2,
    };
    const r = signFlipTest(paired);
    // Outcomes: not swapped d = −0.25, swapped d = +0.25, each ½.
    expect(r).toMatchObject({ exact: true, resamples: 2 });
    expect(r.difference).toBeCloseTo(-0.25, 15);
    expect(r.pDrop).toBeCloseTo(0.5, 15);
    expect(r.nullSd).toBeCloseTo(0.25, 15);
  });
});

describe("Binomial(n, ½) pieces", () => {
  it("pmf sums to 1 and matches C(n,k)/2^n", () => {
    const pmf = binomialHalfPmf(10);
    expect(pmf.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    expect(pmf[3]).toBeCloseTo(120 / 1024, 15);
  });

  it("the popcount sampler has mean n/2 and variance n/4", () => {
    const draw = halfBinomialSampler(7);
    const n = 45;
    const xs = Array.from({ length: 40_000 }, () => draw(n));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeGreaterThan(22.4);
    expect(mean).toBeLessThan(22.6);
    expect(variance).toBeGreaterThan(10.9);
    expect(variance).toBeLessThan(11.6);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });

  it("above NORMAL_SWAPS_ABOVE units the normal approximation keeps mean n/2 and variance n/4", () => {
    const draw = halfBinomialSampler(8);
    const n = 10_000;
    const xs = Array.from({ length: 40_000 }, () => draw(n));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean - 5000)).toBeLessThan(1);
    expect(variance / 2500).toBeGreaterThan(0.97);
    expect(variance / 2500).toBeLessThan(1.03);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });
});
