import { describe, expect, it } from "vitest";
import type { PopeLabel } from "../../../datasets/pope/loader.js";
import { scorePope, splitMetrics } from "../../../datasets/pope/score.js";
import type { Sample } from "../../../src/types.js";

const context = { outputs: new Map<string, string>() };

/** Samples of one split from (label, prediction) pairs; ids are `<split>/<n>` as the loader makes them. */
function split(name: string, pairs: readonly (readonly [PopeLabel, string | null])[]) {
  const samples = pairs.map(
    ([target], i): Sample<PopeLabel> => ({
      id: `${name}/${i + 1}`,
      benchmark: "pope",
      images: [],
      question: "",
      prompt: "",
      target,
      meta: { split: name, question_id: i + 1 },
    }),
  );
  return { samples, parsed: pairs.map(([, prediction]) => prediction) };
}

const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

// TP=3, FP=1, TN=2, FN=2 (yes = positive).
const mixed = split("random", [
  ...repeat(3, ["yes", "yes"] as const),
  ...repeat(1, ["no", "yes"] as const),
  ...repeat(2, ["no", "no"] as const),
  ...repeat(2, ["yes", "no"] as const),
]);
// A model that always answers no: 3 yes labels, 5 no labels.
const alwaysNo = split("popular", [...repeat(3, ["yes", "no"] as const), ...repeat(5, ["no", "no"] as const)]);

describe("scorePope", () => {
  it("computes the official metrics of a split by hand", () => {
    const { metrics } = scorePope(mixed.samples, mixed.parsed, context);
    const random = (metrics.splits as Record<string, Record<string, number>>).random!;
    expect(random.accuracy).toBe(5 / 8);
    expect(random.precision).toBe(3 / 4);
    expect(random.recall).toBe(3 / 5);
    expect(random.f1).toBeCloseTo(2 / 3, 15); // 2·(3/4)(3/5)/(3/4+3/5)
    expect(random.yes_ratio).toBe(4 / 8);
    expect(metrics.accuracy).toBe(5 / 8);
    expect(metrics.f1).toBeCloseTo(2 / 3, 15);
  });

  it("defines precision, recall and F1 as 0 when the model never says yes", () => {
    const { metrics } = scorePope(alwaysNo.samples, alwaysNo.parsed, context);
    expect(metrics.splits).toEqual({
      popular: { accuracy: 5 / 8, precision: 0, recall: 0, f1: 0, yes_ratio: 0 },
    });
  });

  it("reports accuracy and F1 as the means over the splits present, in POPE's split order", () => {
    const samples = [...alwaysNo.samples, ...mixed.samples];
    const { metrics } = scorePope(samples, [...alwaysNo.parsed, ...mixed.parsed], context);
    expect(Object.keys(metrics)).toEqual(["accuracy", "f1", "splits"]);
    expect(Object.keys(metrics.splits as object)).toEqual(["random", "popular"]);
    expect(metrics.accuracy).toBe((5 / 8 + 5 / 8) / 2);
    expect(metrics.f1).toBeCloseTo((2 / 3 + 0) / 2, 15);
  });

  it("returns one item per sample, in sample order, with its split", () => {
    const { items } = scorePope(mixed.samples, mixed.parsed, context);
    expect(items).toHaveLength(8);
    expect(items[0]).toEqual({ id: "random/1", parsed: "yes", correct: 1, meta: { split: "random" } });
    expect(items[3]).toEqual({ id: "random/4", parsed: "yes", correct: 0, meta: { split: "random" } });
    expect(items.map((item) => item.correct)).toEqual([1, 1, 1, 0, 1, 1, 0, 0]);
  });

  it("counts a missing answer as wrong and as no predicted yes", () => {
    const failed = split("adversarial", [
      ["yes", null],
      ["no", null],
      ["yes", "yes"],
      ["no", "no"],
    ]);
    const { metrics, items } = scorePope(failed.samples, failed.parsed, context);
    expect(items.map((item) => [item.parsed, item.correct])).toEqual([
      [null, 0],
      [null, 0],
      ["yes", 1],
      ["no", 1],
    ]);
    // TP=1, FN=1 (the failed yes), TN=1, and the failed no only enlarges the denominators.
    expect(metrics.splits).toEqual({
      adversarial: { accuracy: 2 / 4, precision: 1, recall: 1 / 2, f1: 2 / 3, yes_ratio: 1 / 4 },
    });
  });

  it("leaves the headline out when there is nothing to score", () => {
    expect(scorePope([], [], context)).toEqual({ metrics: { splits: {} }, items: [] });
  });

  it("is pure: the same inputs give the same result and are not modified", () => {
    const samples = Object.freeze([...mixed.samples]);
    const parsed = Object.freeze([...mixed.parsed]);
    expect(scorePope(samples, parsed, context)).toEqual(scorePope(samples, parsed, context));
  });

  it("rejects answers that do not line up with the samples", () => {
    expect(() => scorePope(mixed.samples, mixed.parsed.slice(1), context)).toThrow(/8 samples but 7/);
  });
});

describe("splitMetrics", () => {
  it("gives precision = share of yes labels and recall 1 for a model that always says yes", () => {
    expect(splitMetrics({ tp: 3, fp: 5, tn: 0, fn: 0, other: 0 })).toEqual({
      accuracy: 3 / 8,
      precision: 3 / 8,
      recall: 1,
      f1: (2 * (3 / 8)) / (3 / 8 + 1),
      yes_ratio: 1,
    });
  });
});
