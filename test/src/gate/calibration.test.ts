import { describe, expect, it } from "vitest";
import { type Scenario, simulateGate } from "../../../bench/fixtures/gate-calibration.js";

/**
 * The gate at its defaults (each benchmark's tolerances, Holm over every gated metric, alpha
 * 0.05) on runs scored by the project's scorers at POPE's and MME's full sizes. Seeded, so each
 * row is one fixed measurement. 2,000 random swaps per test (the CLI default is 10,000) keep the
 * run time modest; `npm run bench` measures the same scenarios at 10,000 (BENCHMARKS.md).
 */
const ALPHA = 0.05;
/** Sampling noise (temperature > 0): per-question chances Beta(μκ, (1−μ)κ) with κ = 1 — most questions settled, many not. */
const POPE_MODEL = { accuracy: 0.85, concentration: 1 };
const MME_MODEL = { accuracy: 0.8, concentration: 1 };
const RESAMPLES = 2000;

// CPU time is about 30 s alone; the wall-time limit allows for a shared machine.
const SLOW = { timeout: 900_000 };

describe("calibration: the same model twice fails at most alpha of the time (≥ 200 draws each)", SLOW, () => {
  it.each<Scenario>([
    { name: "POPE, sampling (temperature > 0)", models: { pope: POPE_MODEL }, candidate: { kind: "sampling" } },
    { name: "MME, sampling (temperature > 0)", models: { mme: MME_MODEL }, candidate: { kind: "sampling" } },
    { name: "POPE and MME gated in one call, sampling", models: { pope: POPE_MODEL, mme: MME_MODEL }, candidate: { kind: "sampling" } },
    {
      name: "POPE, temperature 0 with 10 flipped answers",
      models: { pope: { accuracy: 0.85, concentration: 0.3 } },
      candidate: { kind: "flips", flips: 10 },
    },
    {
      name: "MME, temperature 0 with 4 flipped answers",
      models: { mme: { accuracy: 0.8, concentration: 0.3 } },
      candidate: { kind: "flips", flips: 4 },
    },
    {
      name: "MME, temperature 0, 4 cognition answers turned wrong (failed the build before)",
      models: { mme: { accuracy: 0.8, concentration: 0.3 } },
      candidate: { kind: "flips", flips: 4, turnWrong: "mme cognition" },
    },
  ])("$name", (scenario) => {
    const r = simulateGate(scenario, 200, { resamples: RESAMPLES });
    expect(r.draws).toBe(200);
    expect(r.rate, `${r.failures} of ${r.draws} draws failed`).toBeLessThanOrEqual(ALPHA);
  });
});

describe("power", SLOW, () => {
  it("a true 2-point POPE accuracy drop (sampling noise) fails the gate in ≥ 90% of draws", () => {
    const r = simulateGate({ name: "POPE −2", models: { pope: POPE_MODEL }, candidate: { kind: "sampling", drop: 0.02 } }, 100, {
      resamples: RESAMPLES,
      seed: 2,
    });
    expect(r.rate).toBeGreaterThanOrEqual(0.9);
  });

  it("a drop far beyond MME's detectable drop is caught; the stated detectable drop is above the tolerance", () => {
    const r = simulateGate({ name: "MME −150", models: { mme: MME_MODEL }, candidate: { kind: "sampling", drop: 0.06 } }, 40, {
      resamples: RESAMPLES,
      seed: 3,
    });
    // A 6-point accuracy drop costs ~150 perception points (≈ 2.5 points per task-accuracy point × 10 tasks × 6).
    expect(r.rate).toBeGreaterThanOrEqual(0.9);
    expect(r.detectable["mme.perception"]!).toBeGreaterThan(25);
  });
});
