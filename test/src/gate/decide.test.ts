import { describe, expect, it } from "vitest";
import { decide, gateExitCode, maxDropFor, type GatePolicy } from "../../../src/gate/decide.js";

const policy: GatePolicy = { maxDrop: 0.01, maxDropPoints: 10, alpha: 0.05, maxDropPerMetric: { "pope.f1": 0.02, "mme.perception": 20 } };

describe("gate decision", () => {
  it.each([
    // metric, difference, p, status
    ["gqa.accuracy", -0.05, 0.001, "regression"],
    ["gqa.accuracy", -0.05, 0.2, "insignificant drop"],
    ["gqa.accuracy", -0.005, 0.001, "pass"], // significant but within tolerance
    ["gqa.accuracy", -0.01, 0.0001, "pass"], // exactly the max drop is tolerated
    ["gqa.accuracy", 0.49 - 0.5, 0.0001, "pass"], // −0.01000000000000001: float noise at the boundary
    ["gqa.accuracy", 0.03, 0.01, "improvement"],
    ["gqa.accuracy", 0.03, 0.3, "pass"], // a gain that is not significant
    ["gqa.accuracy", 0, 1, "pass"],
    ["gqa.accuracy", -0.05, 0.05, "insignificant drop"], // p must be below alpha
    ["pope.f1", -0.015, 0.001, "pass"], // per-metric tolerance 0.02
    ["pope.f1", -0.025, 0.001, "regression"],
    ["mme.perception", -15, 0.001, "pass"], // points
    ["mme.perception", -25, 0.001, "regression"],
  ] as const)("%s Δ %f p %f → %s", (metric, difference, p, status) => {
    expect(decide(metric, difference, p, policy)).toBe(status);
  });

  it.each([
    // metric, difference, status: points metrics use maxDropPoints (10), not maxDrop (0.01)
    ["mme.cognition", -9, "pass"],
    ["mme.cognition", -10, "pass"], // exactly the tolerance
    ["mme.cognition", -11, "regression"],
    ["mme.perception", -15, "pass"], // the per-metric 20 wins over the unit's 10
  ] as const)("points: %s Δ %f → %s", (metric, difference, status) => {
    expect(decide(metric, difference, 0.001, policy, "points")).toBe(status);
  });

  it("per-metric tolerances override the unit's tolerance", () => {
    expect(maxDropFor("mme.cognition", policy, "points")).toBe(10);
    expect(maxDropFor("mme.perception", policy, "points")).toBe(20);
    expect(maxDropFor("pope.f1", policy)).toBe(0.02);
    expect(maxDropFor("pope.accuracy", policy)).toBe(0.01);
  });

  it("exits 1 only when some metric regressed", () => {
    expect(gateExitCode(["pass", "insignificant drop", "improvement"])).toBe(0);
    expect(gateExitCode(["pass", "regression"])).toBe(1);
    expect(gateExitCode([])).toBe(0);
  });
});
