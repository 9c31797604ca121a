import { describe, expect, it } from "vitest";
import { holmAdjust } from "../../../src/stats/holm.js";

describe("Holm step-down", () => {
  it("matches a hand computation (m = 4)", () => {
    // Sorted: 0.01 (×4 = 0.04), 0.02 (×3 = 0.06), 0.03 (×2 = 0.06), 0.5 (×1 = 0.5); running max keeps them monotone.
    expect(holmAdjust([0.03, 0.5, 0.01, 0.02]).map((p) => Number(p.toFixed(12)))).toEqual([0.06, 0.5, 0.04, 0.06]);
  });

  it("enforces monotonicity and caps at 1", () => {
    // Sorted 0.04 (×3 = 0.12), 0.045 (×2 = 0.09 → 0.12 by the running max), 0.6 (×1).
    expect(holmAdjust([0.045, 0.04, 0.6]).map((p) => Number(p.toFixed(12)))).toEqual([0.12, 0.12, 0.6]);
    expect(holmAdjust([0.4, 0.5])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.7, 0.9])).toEqual([1, 1]);
  });

  it("leaves a single p alone, counts a NaN as 1, and handles none", () => {
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([Number.NaN, 0.01])).toEqual([1, 0.02]);
    expect(holmAdjust([])).toEqual([]);
  });
});
