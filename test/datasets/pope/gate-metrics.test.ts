import { describe, expect, it } from "vitest";
import { popeGateMetrics } from "../../../datasets/pope/gate-metrics.js";
import { scorePope } from "../../../datasets/pope/score.js";
import type { PopeLabel } from "../../../datasets/pope/loader.js";
import type { GateItem, Sample } from "../../../src/types.js";

/** Items as items.jsonl holds them, from (split, label, parsed answer) rows, scored by scorePope. */
function scored(rows: readonly (readonly [string, PopeLabel, string | null])[]) {
  const samples = rows.map(
    ([split, target], i): Sample<PopeLabel> => ({ id: `${split}/${i}`, benchmark: "pope", images: [], question: "", prompt: "", target, meta: { split } }),
  );
  const result = scorePope(samples, rows.map((r) => r[2]), { outputs: new Map() });
  const items: GateItem[] = result.items.map((item, i) => ({ ...item, target: samples[i]!.target }));
  return { items, metrics: result.metrics as { accuracy: number; f1: number } };
}

const repeat = <T>(n: number, row: T): T[] => Array.from({ length: n }, () => row);
const statistic = (key: string, items: readonly GateItem[]) => {
  const metric = popeGateMetrics().find((m) => m.key === key)!;
  if (metric.test !== "bootstrap") throw new Error("POPE metrics are composites");
  return metric.statistic(items);
};
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

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

describe("POPE gate metrics (recomputed from items)", () => {
  it("equal scorePope's headline accuracy and F1 on the full item set (hand-worked: 0.55 and 7/18)", () => {
    const { items, metrics } = scored(rows);
    const acc = statistic("accuracy", items)(all(items.length));
    const f1 = statistic("f1", items)(all(items.length));
    expect(acc).toBeCloseTo((5 / 8 + 5 / 8 + 2 / 5) / 3, 14);
    expect(f1).toBeCloseTo((2 / 3 + 0 + 1 / 2) / 3, 14);
    expect(acc).toBe(metrics.accuracy);
    expect(f1).toBeCloseTo(metrics.f1, 14);
  });

  it("on a resample, average only the splits it holds, counting repeats", () => {
    const { items } = scored(rows);
    // items 0..7 are the random split; pick TP, TP (repeated) and one FN: P 1, R 2/3, F1 0.8.
    const picked = Uint32Array.from([0, 0, 6]);
    expect(statistic("f1", items)(picked)).toBeCloseTo(0.8, 14);
    expect(statistic("accuracy", items)(picked)).toBeCloseTo(2 / 3, 14);
  });

  it("are both tested with the paired bootstrap, in fraction units", () => {
    expect(popeGateMetrics().map((m) => [m.key, m.test, m.unit])).toEqual([
      ["accuracy", "bootstrap", "fraction"],
      ["f1", "bootstrap", "fraction"],
    ]);
  });
});
