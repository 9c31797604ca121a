import { describe, expect, it } from "vitest";
import { decide, detectableDrop, type GatePolicy, gateExitCode, maxDropFor } from "../../../src/gate/decide.js";
import { normalQuantile } from "../../../src/stats/normal.js";

describe("gate decision (p-values one-sided and Holm-adjusted)", () => {
  it.each([
    // difference, adjusted drop p, adjusted gain p, max drop, status
    [-0.05, 0.001, 1, 0.01, "regression"],
    [-0.05, 0.2, 1, 0.01, "insignificant drop"],
    [-0.005, 0.001, 1, 0.01, "pass"], // significant but within tolerance
    [-0.01, 0.0001, 1, 0.01, "pass"], // exactly the max drop is tolerated
    [0.49 - 0.5, 0.0001, 1, 0.01, "pass"], // −0.01000000000000001: float noise at the boundary
    [0.03, 1, 0.01, 0.01, "improvement"],
    [0.03, 1, 0.3, 0.01, "pass"], // a gain that is not significant
    [0, 1, 1, 0.01, "pass"],
    [-0.05, 0.05, 1, 0.01, "insignificant drop"], // p must be below alpha
    [-15, 0.001, 1, 25, "pass"], // points, MME's perception tolerance
    [-26, 0.001, 1, 25, "regression"],
  ] as const)("Δ %f p(drop) %f p(gain) %f max drop %f → %s", (difference, pDrop, pGain, maxDrop, status) => {
    expect(decide(difference, pDrop, pGain, maxDrop, 0.05)).toBe(status);
  });

  it("tolerance: per-metric config, then the unit's override, then the benchmark's declared value, then the fallback", () => {
    const declaredOnly: GatePolicy = { alpha: 0.05, maxDropPerMetric: {} };
    expect(maxDropFor("mme.perception", declaredOnly, "points", 25)).toBe(25);
    expect(maxDropFor("pope.f1", declaredOnly, "fraction", 0.01)).toBe(0.01);
    expect(maxDropFor("toy.item_accuracy", declaredOnly)).toBe(0.01);
    expect(maxDropFor("toy.points", declaredOnly, "points")).toBe(10);
    const overridden: GatePolicy = {
      maxDrop: 0.02,
      maxDropPoints: 40,
      alpha: 0.05,
      maxDropPerMetric: { "pope.f1": 0.03, "mme.cognition": 5 },
    };
    expect(maxDropFor("mme.perception", overridden, "points", 25)).toBe(40); // --max-drop-points beats the declared 25
    expect(maxDropFor("mme.cognition", overridden, "points", 20)).toBe(5); // per-metric beats everything
    expect(maxDropFor("pope.accuracy", overridden, "fraction", 0.01)).toBe(0.02); // --max-drop is for fractions
    expect(maxDropFor("pope.f1", overridden, "fraction", 0.01)).toBe(0.03);
  });

  it("detectable drop at 80% power: max(tolerance, z(1−α/m)·sd) + z(0.8)·sd", () => {
    const z80 = normalQuantile(0.8);
    // sd 0.005, one metric: z(0.95)·sd = 0.0082 > 0.001 → 0.0082 + 0.0042.
    expect(detectableDrop(0.005, 0.001, 0.05, 1)).toBeCloseTo(normalQuantile(0.95) * 0.005 + z80 * 0.005, 12);
    // Four metrics: judged at α/4.
    expect(detectableDrop(0.005, 0.001, 0.05, 4)).toBeCloseTo(normalQuantile(1 - 0.0125) * 0.005 + z80 * 0.005, 12);
    // A tolerance above the noise decides: 25 + z80·10.
    expect(detectableDrop(10, 25, 0.05, 1)).toBeCloseTo(25 + z80 * 10, 12);
    expect(detectableDrop(0, 0.01, 0.05, 3)).toBe(0.01);
  });

  it("exits 1 only when some metric regressed", () => {
    expect(gateExitCode(["pass", "insignificant drop", "improvement"])).toBe(0);
    expect(gateExitCode(["pass", "regression"])).toBe(1);
    expect(gateExitCode([])).toBe(0);
  });
});
