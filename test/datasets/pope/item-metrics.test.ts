import { describe, expect, it } from "vitest";
import { popeItemMetrics } from "../../../datasets/pope/item-metrics.js";
import type { PopeLabel } from "../../../datasets/pope/loader.js";
import { scorePope } from "../../../datasets/pope/score.js";
import { allOnes } from "../../../src/stats/resample.js";
import type { Sample, ScoredItem } from "../../../src/types.js";

/** Items as items.jsonl holds them, from (split, label, parsed answer) rows, scored by scorePope. */
function scored(rows: readonly (readonly [string, PopeLabel, string | null])[]) {
  const samples = rows.map(
    ([split, target], i): Sample<PopeLabel> => ({
      id: `${split}/${i}`,
      benchmark: "pope",
      images: [],
      question: "",
      prompt: "",
      target,
      meta: { split },
    }),
  );
  const result = scorePope(
    samples,
    rows.map((r) => r[2]),
    { outputs: new Map() },
  );
  const items: ScoredItem[] = result.items.map((item, i) => ({ ...item, target: samples[i]!.target }));
  return { items, metrics: result.metrics as { accuracy: number; f1: number } };
}

const repeat = <T>(n: number, row: T): T[] => Array.from({ length: n }, () => row);
const design = (key: string, items: readonly ScoredItem[]) => popeItemMetrics.find((m) => m.key === key)!.prepare(items);
const whole = (key: string, items: readonly ScoredItem[]) => {
  const d = design(key, items);
  return d.value(allOnes(d.strata));
};

// random: TP 3, FP 1, TN 2, FN 2 → acc 5/8, P 3/4, R 3/5, F1 2/3.
// popular: always "no" on 3 yes + 5 no → acc 5/8, F1 0.
// adversarial: one failed call (null) on a yes and on a no label, two right answers → acc 2/5,
//   TP 1, FN 2 (the null on yes), TN 1, other 1 → P 1, R 1/3, F1 1/2.
const rows = [
  ...repeat(3, ["random", "yes", "yes"] as const),
  ...repeat(1, ["random", "no", "yes"] as const),
  ...repeat(2, ["random", "no", "no"] as const),
  ...repeat(2, ["random", "yes", "no"] as const),
  ...repeat(3, ["popular", "yes", "no"] as const),
  ...repeat(5, ["popular", "no", "no"] as const),
  ["adversarial", "yes", "yes"] as const,
  ["adversarial", "yes", "no"] as const,
  ["adversarial", "yes", null] as const,
  ["adversarial", "no", null] as const,
  ["adversarial", "no", "no"] as const,
];

describe("POPE item metrics (datasets/pope/item-metrics.ts)", () => {
  it("equal scorePope's headline accuracy and F1 on the full item set exactly (hand-worked: 0.55 and 7/18)", () => {
    const { items, metrics } = scored(rows);
    expect(whole("accuracy", items)).toBeCloseTo((5 / 8 + 5 / 8 + 2 / 5) / 3, 14);
    expect(whole("f1", items)).toBeCloseTo((2 / 3 + 0 + 1 / 2) / 3, 14);
    expect(whole("accuracy", items)).toBe(metrics.accuracy);
    expect(whole("f1", items)).toBe(metrics.f1);
  });

  it("splits are strata of single items, in scorePope's order (official splits first)", () => {
    const { items } = scored([...rows.slice(16), ...rows.slice(0, 16)]); // adversarial items first
    const d = design("f1", items);
    expect(d.strata).toEqual([8, 8, 5]); // random, popular, adversarial
    expect([...d.unitOf.slice(0, 5)]).toEqual([16, 17, 18, 19, 20]);
  });

  it("a resample counts each drawn item as often as it is drawn", () => {
    const { items } = scored(rows);
    // random split redrawn as TP ×4 (item 0) and FN ×4 (item 6): acc ½, P 1, R ½, F1 ⅔; other splits as they are.
    const weights = allOnes(design("f1", items).strata);
    weights.fill(0, 0, 8);
    weights[0] = 4;
    weights[6] = 4;
    expect(design("f1", items).value(weights)).toBeCloseTo((2 / 3 + 0 + 1 / 2) / 3, 14);
    expect(design("accuracy", items).value(weights)).toBeCloseTo((1 / 2 + 5 / 8 + 2 / 5) / 3, 14);
  });

  it.each([
    // hand-worked above: random acc 5/8, P 3/4, R 3/5, F1 2/3; adversarial acc 2/5, P 1, R 1/3, F1 1/2
    ["splits.random.accuracy", 5 / 8],
    ["splits.random.precision", 3 / 4],
    ["splits.random.recall", 3 / 5],
    ["splits.random.f1", 2 / 3],
    ["splits.popular.f1", 0],
    ["splits.adversarial.accuracy", 2 / 5],
    ["splits.adversarial.recall", 1 / 3],
    ["splits.adversarial.f1", 1 / 2],
  ])("%s over its split's items is scorePope's (%f), and uses no other split's items", (key, expected) => {
    const { items, metrics } = scored(rows);
    const d = design(key, items);
    expect(d.value(allOnes(d.strata))).toBeCloseTo(expected, 14);
    expect(d.value(allOnes(d.strata))).toBe(key.split(".").reduce<any>((node, part) => node[part], metrics));
    const split = key.split(".")[1];
    expect(d.strata).toEqual([items.filter((i) => i.meta?.split === split).length]);
    expect([...d.unitOf].filter((u) => u >= 0)).toHaveLength(d.strata[0]!);
  });

  it("the two headline means are gated composites, tested with the paired bootstrap, in fraction units", () => {
    expect(popeItemMetrics.filter((m) => m.gated).map((m) => [m.key, m.test, m.unit])).toEqual([
      ["accuracy", "bootstrap", "fraction"],
      ["f1", "bootstrap", "fraction"],
    ]);
  });

  it("each split's accuracy, precision, recall and F1 get intervals only (not gated)", () => {
    const breakdowns = popeItemMetrics.filter((m) => !m.gated);
    expect(breakdowns.map((m) => m.key)).toEqual(
      ["random", "popular", "adversarial"].flatMap((s) => ["accuracy", "precision", "recall", "f1"].map((m) => `splits.${s}.${m}`)),
    );
    expect(breakdowns.every((m) => m.test === "bootstrap" && m.unit === "fraction")).toBe(true);
  });
});
