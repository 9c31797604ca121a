import { describe, expect, it } from "vitest";
import { assertFullColumnRank, CollinearColumnError, olsHC1 } from "../../../src/stats/ols.js";

const Z975 = 1.959963984540054;

describe("OLS with HC1 standard errors", () => {
  it("balanced 2×2×2 design: coefficients are differences of means, HC1 SEs the closed form (2/n)·√(n/(n−k)·RSS)", () => {
    // 8 cells × 6 items, y ∈ {0, 1} with a different success pattern per cell.
    const rows: number[][] = [];
    const y: number[] = [];
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 2; c++)
          for (let i = 0; i < 6; i++) {
            rows.push([1, a, b, c]);
            y.push((i * 5 + a * 3 + b * 7 + c * 2 + a * b) % 4 < 2 + a - c ? 1 : 0);
          }
    const n = y.length;
    const k = 4;
    // Independent computation: with a balanced full factorial and main effects only, each
    // centred dummy is orthogonal to the others, so β_f = mean(y | f=1) − mean(y | f=0),
    // and β_f = Σ cᵢyᵢ with cᵢ = ±2/n, hence Var_HC0 = Σ cᵢ²eᵢ² = 4·RSS/n².
    const mean = (pick: (row: number[]) => boolean) => {
      const ys = y.filter((_, i) => pick(rows[i]!));
      return ys.reduce((s, v) => s + v, 0) / ys.length;
    };
    const effects = [1, 2, 3].map((f) => mean((r) => r[f] === 1) - mean((r) => r[f] === 0));
    const grand = y.reduce((s, v) => s + v, 0) / n;
    const intercept = grand - effects.reduce((s, e) => s + e / 2, 0);
    const rss = y.reduce((s, v, i) => {
      const r = rows[i]!;
      const fitted = intercept + effects[0]! * r[1]! + effects[1]! * r[2]! + effects[2]! * r[3]!;
      return s + (v - fitted) ** 2;
    }, 0);
    const se = (2 / n) * Math.sqrt((n / (n - k)) * rss);

    const fit = olsHC1(rows, y);
    expect(effects.some((e) => Math.abs(e) > 0.05)).toBe(true); // the data have real effects
    expect(fit.coefficients[0]).toBeCloseTo(intercept, 12);
    for (let f = 0; f < 3; f++) {
      expect(fit.coefficients[f + 1]).toBeCloseTo(effects[f]!, 12);
      expect(fit.se[f + 1]).toBeCloseTo(se, 12);
      expect(fit.ci[f + 1]![0]).toBeCloseTo(effects[f]! - Z975 * se, 6);
      expect(fit.ci[f + 1]![1]).toBeCloseTo(effects[f]! + Z975 * se, 6);
    }
    expect(fit).toMatchObject({ n: 48, k: 4, level: 0.95 });
  });

  it("simple regression: slope and its HC1 SE, n/(n−2)·Σ(xᵢ−x̄)²eᵢ² / (Σ(xᵢ−x̄)²)²", () => {
    const x = [0, 1, 2, 3, 4, 5];
    const y = [1, 3, 2, 5, 4, 7];
    // Hand-worked: x̄ = 2.5, ȳ = 22/6, Sxx = 17.5, Σxy = 73 so Sxy = 73 − 6·2.5·22/6 = 18
    // → slope 18/17.5 = 36/35, intercept 22/6 − 2.5·36/35.
    const slope = 36 / 35;
    const icpt = 22 / 6 - 2.5 * slope;
    const e = y.map((v, i) => v - icpt - slope * x[i]!);
    const varSlope = ((6 / 4) * x.reduce((s, xi, i) => s + (xi - 2.5) ** 2 * e[i]! ** 2, 0)) / 17.5 ** 2;
    const fit = olsHC1(
      x.map((xi) => [1, xi]),
      y,
    );
    expect(fit.coefficients[0]).toBeCloseTo(icpt, 12);
    expect(fit.coefficients[1]).toBeCloseTo(slope, 12);
    expect(fit.se[1]).toBeCloseTo(Math.sqrt(varSlope), 12);
  });

  it("unbalanced, non-orthogonal design: coefficients, HC1 SEs and p-values match numpy/scipy", () => {
    // A 3-level factor (two dummies) and a 2-level factor, cell sizes 3–11, successes first in
    // each cell. Reference values from numpy.linalg.lstsq, the sandwich n/(n−k)·B·M·B with
    // B = inv(XᵀX), M = Xᵀdiag(e²)X, and p = 2·scipy.stats.norm.sf(|β/se|) (numpy 2.4, scipy 1.17).
    const cells: [number, number, number, number][] = [
      [0, 0, 7, 3],
      [1, 0, 4, 4],
      [2, 0, 9, 2],
      [0, 1, 3, 1],
      [1, 1, 11, 6],
      [2, 1, 5, 5],
    ];
    const rows: number[][] = [];
    const y: number[] = [];
    for (const [a, b, count, successes] of cells) {
      for (let i = 0; i < count; i++) {
        rows.push([1, a === 1 ? 1 : 0, a === 2 ? 1 : 0, b]);
        y.push(i < successes ? 1 : 0);
      }
    }
    const fit = olsHC1(rows, y);
    const beta = [0.36483833718244835, 0.21587759815242524, 0.09330254041570459, 0.11720554272517325];
    const se = [0.17387489929346556, 0.2211343427718157, 0.211312440629472, 0.1688877964140563];
    const p = [0.03588036057827844, 0.3289513540217933, 0.658823324756951, 0.4876918188482937];
    expect(fit.n).toBe(39);
    for (const [a, b] of beta.entries()) expect(fit.coefficients[a]).toBeCloseTo(b, 12);
    for (const [a, s] of se.entries()) expect(fit.se[a]).toBeCloseTo(s, 12);
    for (const [a, v] of p.entries()) expect(fit.pValues[a]).toBeCloseTo(v, 6); // simple-statistics' erf: ~1e-7
  });

  it("a perfect fit has zero standard errors and p = 0 for non-zero coefficients", () => {
    const fit = olsHC1(
      [
        [1, 0],
        [1, 0],
        [1, 1],
        [1, 1],
      ],
      [0.5, 0.5, 0.75, 0.75],
    );
    expect(fit.coefficients[1]).toBeCloseTo(0.25, 12);
    expect(fit.se[1]).toBeCloseTo(0, 12);
  });

  it("rejects too few observations and mismatched outcomes", () => {
    expect(() =>
      olsHC1(
        [
          [1, 0],
          [1, 1],
        ],
        [0, 1],
      ),
    ).toThrow(/more observations \(2\) than columns \(2\)/);
    expect(() => olsHC1([[1], [1]], [0])).toThrow(/2 rows but 1 outcomes/);
  });
});

describe("collinear designs", () => {
  it.each([
    [
      "a repeated column",
      [
        [1, 0, 0],
        [1, 1, 1],
        [1, 1, 1],
      ],
      2,
      [{ column: 1, weight: 1 }],
    ],
    [
      "complementary dummies with an intercept",
      [
        [1, 0, 1],
        [1, 1, 0],
        [1, 1, 0],
      ],
      2,
      [
        { column: 0, weight: 1 },
        { column: 1, weight: -1 },
      ],
    ],
    [
      "a constant column besides the intercept",
      [
        [1, 1, 0],
        [1, 1, 1],
      ],
      1,
      [{ column: 0, weight: 1 }],
    ],
    [
      "an all-zero column",
      [
        [1, 0, 0],
        [1, 0, 1],
      ],
      1,
      [],
    ],
  ])("%s names the dependent column and its combination", (_, rows, column, combination) => {
    let error: unknown;
    try {
      assertFullColumnRank(rows as number[][]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CollinearColumnError);
    expect((error as CollinearColumnError).column).toBe(column);
    const got = (error as CollinearColumnError).combination.map((c) => ({ column: c.column, weight: Math.round(c.weight * 1e9) / 1e9 }));
    expect(got).toEqual(combination);
  });

  it("olsHC1 refuses a rank-deficient design, however many rows repeat it", () => {
    const rows = Array.from({ length: 30 }, (_, i) => [1, i % 2, i % 2]);
    expect(() =>
      olsHC1(
        rows,
        rows.map((_, i) => i % 3),
      ),
    ).toThrow(CollinearColumnError);
  });

  it("accepts a full-rank design", () => {
    expect(() =>
      assertFullColumnRank([
        [1, 0, 0],
        [1, 1, 0],
        [1, 0, 1],
      ]),
    ).not.toThrow();
  });
});
