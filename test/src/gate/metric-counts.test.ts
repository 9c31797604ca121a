import { describe, expect, it } from "vitest";
import { popeItemMetrics } from "../../../datasets/pope/item-metrics.js";
import { testMetrics } from "../../../src/gate/metric-tests.js";
import { meanScore, shareCorrect } from "../../../src/item-metrics/generic.js";
import type { ScoredItem } from "../../../src/types.js";

/** The counts the gate's tests report as numbers (MetricTest.discordant, lost, gained), hand-worked. */
const settings = { level: 0.95 };

describe("MetricTest counts", () => {
  it("exact McNemar: lost = right → wrong, gained = wrong → right, as its detail says", () => {
    const base = [1, 1, 0, 0, 1].map((c, i): ScoredItem => ({ id: `q${i}`, parsed: "x", correct: c as 0 | 1 }));
    const cand = [0, 1, 1, 1, 1].map((c, i): ScoredItem => ({ id: `q${i}`, parsed: "x", correct: c as 0 | 1 }));
    const [t] = testMetrics([shareCorrect("accuracy")], base, cand, settings);
    expect(t).toMatchObject({ test: "exact McNemar", discordant: 3, lost: 1, gained: 2, detail: "1 lost, 2 gained" });
  });

  it("graded scores: a unit is lost when its score falls and gained when it rises; equal scores are not discordant", () => {
    const scores = (s: number[]) => s.map((score, i): ScoredItem => ({ id: `v${i}`, parsed: "x", score }));
    // v0 1 → 0.5 (lost), v1 0.5 → 1 (gained), v2 0.3 → 0 (lost), v3 unchanged.
    const [t] = testMetrics([meanScore("accuracy")], scores([1, 0.5, 0.3, 0.3]), scores([0.5, 1, 0, 0.3]), settings);
    expect(t).toMatchObject({ test: "exact randomization", n: 4, discordant: 3, lost: 2, gained: 1 });
    expect(t!.detail).toMatch(/^3 of 4 units discordant/);
  });

  it("POPE F1: a change F1 does not see (a 'no' turned unparsed on a 'no' question) is discordant but neither lost nor gained", () => {
    const items = (parsed: (string | null)[]) =>
      parsed.map((p, i): ScoredItem => ({ id: `random/${i}`, parsed: p, target: i < 2 ? "yes" : "no", meta: { split: "random" } }));
    // Targets yes, yes, no, no. Baseline all right (TP, TP, TN, TN).
    // Candidate: item 0 TP → FN (F1 falls), item 2 TN → FP (F1 falls), item 3 TN → unparsed (F1 = 2TP/(2TP+FP+FN) ignores it).
    const base = items(["yes", "yes", "no", "no"]);
    const cand = items(["no", "yes", "yes", null]);
    const tests = testMetrics(
      popeItemMetrics.filter((m) => m.gated),
      base,
      cand,
      settings,
    );
    const byKey = Object.fromEntries(tests.map((t) => [t.key, t]));
    expect(byKey.f1).toMatchObject({ discordant: 3, lost: 2, gained: 0 });
    // Accuracy counts the unparsed answer as wrong: all three are lost.
    expect(byKey.accuracy).toMatchObject({ discordant: 3, lost: 3, gained: 0 });
  });
});
