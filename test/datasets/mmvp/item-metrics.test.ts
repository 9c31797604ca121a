import { describe, expect, it } from "vitest";
import { mmvpItemMetrics } from "../../../datasets/mmvp/item-metrics.js";
import { mmvpMetrics } from "../../../datasets/mmvp/score.js";
import { allOnes } from "../../../src/stats/resample.js";
import type { ScoredItem } from "../../../src/types.js";

const item = (id: string, pair: number, correct: 0 | 1): ScoredItem => ({ id, parsed: "a", correct, meta: { pair } });
const metric = (key: string) => mmvpItemMetrics.find((m) => m.key === key)!;
const whole = (key: string, items: readonly ScoredItem[]) => {
  const d = metric(key).prepare(items);
  return d.value(allOnes(d.strata));
};

// Pairs: 1 both right, 2 one right, 3 both wrong, 4 only one question scored (its twin's judge failed).
const items = [item("1", 1, 1), item("2", 1, 1), item("3", 2, 1), item("4", 2, 0), item("5", 3, 0), item("6", 3, 0), item("7", 4, 1)];

describe("MMVP item metrics (datasets/mmvp/item-metrics.ts)", () => {
  it("pair accuracy: complete pairs with both right (1 of 3), equal to mmvpMetrics exactly", () => {
    expect(whole("accuracy", items)).toBe(1 / 3);
    expect(whole("accuracy", items)).toBe(mmvpMetrics(items).accuracy);
  });

  it("question accuracy: every scored question (4 of 7), equal to mmvpMetrics exactly", () => {
    expect(whole("question_accuracy", items)).toBe(4 / 7);
    expect(whole("question_accuracy", items)).toBe(mmvpMetrics(items).question_accuracy);
  });

  it("resamples pairs, leaving an incomplete pair out", () => {
    const d = metric("accuracy").prepare(items);
    expect(d.strata).toEqual([3]);
    expect([...d.unitOf]).toEqual([0, 0, 1, 1, 2, 2, -1]);
    expect(d.value(Uint32Array.from([2, 1, 0]))).toBe(2 / 3);
  });

  it("pair accuracy is a gated composite (paired bootstrap); question accuracy a plain 0/1 share (exact McNemar)", () => {
    expect(mmvpItemMetrics.map((m) => [m.key, m.test, m.gated])).toEqual([
      ["accuracy", "bootstrap", true],
      ["question_accuracy", "mcnemar", true],
    ]);
  });
});
