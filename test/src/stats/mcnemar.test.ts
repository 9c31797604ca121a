import { describe, expect, it } from "vitest";
import { exactMcNemarDropP, exactMcNemarP, mcnemar } from "../../../src/stats/mcnemar.js";
import { normalCdf, normalQuantile, twoSidedNormalP } from "../../../src/stats/normal.js";

describe("exact McNemar p-value = min(1, 2·P(Binomial(b+c, ½) ≤ min(b, c)))", () => {
  it.each([
    // [lost b, gained c, hand-computed p]
    [0, 0, 1], // no discordant pairs: no evidence at all
    [3, 0, 2 / 8], // 2·(1/2)³
    [0, 6, 2 / 64], // 2·(1/2)⁶
    [1, 5, (2 * (1 + 6)) / 64], // 2·(C(6,0)+C(6,1))/2⁶ = 0.21875
    [2, 8, (2 * (1 + 10 + 45)) / 1024], // 0.109375
    [8, 2, (2 * (1 + 10 + 45)) / 1024], // symmetric
    [5, 5, 1], // the doubled tail exceeds 1 and is capped
    [4, 6, Math.min(1, (2 * (1 + 10 + 45 + 120 + 210)) / 1024)], // 0.75390625
  ])("b=%i c=%i → %f", (b, c, p) => {
    expect(exactMcNemarP(b, c)).toBeCloseTo(p, 14);
  });

  it("stays exact far out in the tail (no underflow at n = 1000): 2·2⁻¹⁰⁰⁰", () => {
    const p = exactMcNemarP(0, 1000);
    expect(p / 2 ** -999).toBeCloseTo(1, 9);
  });

  it("is 1 for a large balanced split and symmetric in b and c", () => {
    expect(exactMcNemarP(20_000, 20_000)).toBe(1);
    expect(exactMcNemarP(4_900, 5_100)).toBeCloseTo(exactMcNemarP(5_100, 4_900), 14);
    expect(exactMcNemarP(4_900, 5_100)).toBeGreaterThan(0.04);
    expect(exactMcNemarP(4_900, 5_100)).toBeLessThan(0.05); // z ≈ 2.0, so p ≈ 0.046
  });

  it.each([
    // Reference: 2·scipy.stats.binom.cdf(min(b, c), b + c, 0.5) (scipy 1.17), computed outside this project.
    [4_900, 5_100, 0.04658552770494645],
    [30, 70, 7.85013964559367e-5],
    [1_000, 1_300, 4.28740900211522e-10],
    [200_000, 202_000, 0.001616958698578297], // past the argument limit of Math.max(...terms)
  ])("matches scipy's binomial tail for b=%i c=%i", (b, c, p) => {
    // log C(n, i) is summed term by term: 3e-9 relative error at n = 402 000, 1e-12 at n = 10 000.
    expect(Math.abs(exactMcNemarP(b, c) / p - 1)).toBeLessThan(1e-8);
  });

  it.each([
    [-1, 2],
    [1.5, 2],
  ])("rejects counts %s, %s", (b, c) => {
    expect(() => exactMcNemarP(b, c)).toThrow(RangeError);
  });
});

describe("mcnemar on paired 0/1 items", () => {
  it("counts discordant pairs and gives the Wald interval of the paired difference", () => {
    // item:        1  2  3  4  5
    const base = [1, 1, 0, 0, 1];
    const cand = [0, 1, 1, 1, 1]; // lost item 1, gained items 3 and 4
    const r = mcnemar(base, cand);
    expect(r).toMatchObject({ lost: 1, gained: 2, n: 5 });
    expect(r.difference).toBeCloseTo(0.2, 15);
    expect(r.pValue).toBeCloseTo(1, 15); // 2·(1+3)/8 = 1
    const se = Math.sqrt(3 - 1 / 5) / 5; // √((b+c) − (c−b)²/n)/n
    expect(r.ci[0]).toBeCloseTo(0.2 - 1.959963984540054 * se, 7);
    expect(r.ci[1]).toBeCloseTo(0.2 + 1.959963984540054 * se, 7);
  });

  it("has a zero-width interval at 0 when nothing changed", () => {
    const r = mcnemar([1, 0, 1], [1, 0, 1]);
    expect(r).toMatchObject({ lost: 0, gained: 0, difference: 0, pValue: 1, ci: [0, 0] });
  });

  it("rejects unpaired inputs", () => {
    expect(() => mcnemar([1, 0], [1])).toThrow(/2 baseline but 1 candidate/);
  });
});

describe("normal distribution helpers", () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489],
    [0.025, -1.959963984540054],
  ])("Φ⁻¹(%f) = %f", (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it("Φ and the two-sided p-value", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7); // simple-statistics' erf is good to ~1e-7
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 7);
    expect(twoSidedNormalP(-1.959963984540054)).toBeCloseTo(0.05, 7);
    expect(twoSidedNormalP(0)).toBeCloseTo(1, 7);
  });
});

describe("one-sided exact McNemar for a drop: P(Binomial(lost + gained, ½) ≤ gained)", () => {
  it.each([
    [0, 0, 1],
    [4, 0, 1 / 16],
    [5, 0, 1 / 32],
    [8, 2, (1 + 10 + 45) / 1024],
    [2, 8, 1 - (1 + 10) / 1024], // P(X ≤ 8) = 1 − P(X ≥ 9)
    [0, 3, 1],
  ])("lost %i, gained %i → %f", (lost, gained, p) => {
    expect(exactMcNemarDropP(lost, gained)).toBeCloseTo(p, 14);
  });

  it("is half the two-sided p on the side of the drop, and stays exact far out (2⁻¹⁰⁰⁰)", () => {
    expect(exactMcNemarDropP(30, 12)).toBeCloseTo(exactMcNemarP(30, 12) / 2, 14);
    expect(exactMcNemarDropP(1000, 0) / 2 ** -1000).toBeCloseTo(1, 9);
  });
});
