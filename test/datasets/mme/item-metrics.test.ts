import { describe, expect, it } from "vitest";
import { mmeItemMetrics } from "../../../datasets/mme/item-metrics.js";
import type { MmeLabel } from "../../../datasets/mme/loader.js";
import { scoreMme } from "../../../datasets/mme/score.js";
import { metricAt } from "../../../src/item-metrics/group.js";
import { allOnes } from "../../../src/stats/resample.js";
import type { Sample, ScoredItem } from "../../../src/types.js";

/** (task, image, label, answer) rows scored by scoreMme, as items.jsonl holds them. */
function scored(rows: readonly (readonly [string, string, MmeLabel, string | null])[]) {
  const samples = rows.map(
    ([task, image, target], i): Sample<MmeLabel> => ({
      id: `${task}/${image}#${i}`,
      benchmark: "mme",
      images: [],
      question: "",
      prompt: "",
      target,
      meta: { task, image },
    }),
  );
  const result = scoreMme(
    samples,
    rows.map((r) => r[3]),
  );
  return { items: result.items.map((item, i): ScoredItem => ({ ...item, target: samples[i]!.target })), metrics: result.metrics };
}
const metric = (key: string) => mmeItemMetrics.find((m) => m.key === key)!;
const whole = (key: string, items: readonly ScoredItem[]) => {
  const d = metric(key).prepare(items);
  return d.value(allOnes(d.strata));
};

// existence: image a both right, image b one right → acc 3/4, acc+ 1/2, score 125.
// OCR: image c both right → 200. count: image d both wrong, image e answered once (right) → acc 1/3, acc+ 0 → 33⅓.
// code_reasoning: image f one right ("other" on the second) → acc ½, acc+ 0 → 50.
const rows = [
  ["existence", "a.jpg", "yes", "yes"],
  ["existence", "a.jpg", "no", "no"],
  ["existence", "b.jpg", "yes", "yes"],
  ["existence", "b.jpg", "no", "yes"],
  ["OCR", "c.jpg", "yes", "yes"],
  ["OCR", "c.jpg", "no", "no"],
  ["count", "d.jpg", "yes", "no"],
  ["count", "d.jpg", "no", "yes"],
  ["count", "e.jpg", "yes", "yes"],
  ["code_reasoning", "f.png", "yes", "yes"],
  ["code_reasoning", "f.png", "no", null],
] as const;

describe("MME item metrics (datasets/mme/item-metrics.ts)", () => {
  it.each([
    ["perception", 125 + 200 + 100 / 3],
    ["cognition", 50],
    ["tasks.existence.acc", 3 / 4],
    ["tasks.existence.acc_plus", 1 / 2],
    ["tasks.existence.score", 125],
    ["tasks.count.acc", 1 / 3],
    ["tasks.count.acc_plus", 0], // e.jpg has one question: it never counts for acc+
    ["tasks.OCR.score", 200],
    ["tasks.code_reasoning.acc_plus", 0],
  ])("%s of hand-worked items is %d, and equals scoreMme's exactly", (key, expected) => {
    const { items, metrics } = scored(rows);
    expect(whole(key, items)).toBeCloseTo(expected, 12);
    expect(whole(key, items)).toBe(metricAt(metrics, key));
  });

  it("a task absent from the items has no value", () => {
    expect(whole("tasks.artwork.score", scored(rows).items)).toBeNaN();
  });

  it("resamples images within tasks: an image's questions are one unit, tasks are strata in the official order", () => {
    const d = metric("perception").prepare(scored(rows).items);
    // existence (a, b), count (d, e), OCR (c) — calculation.py's order, not the items' order; code_reasoning left out.
    expect(d.strata).toEqual([2, 2, 1]);
    expect([...d.unitOf]).toEqual([0, 0, 1, 1, 4, 4, 2, 2, 3, -1, -1]);
  });

  it("a resample drawing existence's image a twice scores that task 200", () => {
    const d = metric("perception").prepare(scored(rows).items);
    expect(d.value(Uint32Array.from([2, 0, 1, 1, 1]))).toBeCloseTo(200 + 100 / 3 + 200, 12);
  });

  it("perception and cognition are gated points, tested by paired bootstrap; task details are not gated", () => {
    expect(mmeItemMetrics.filter((m) => m.gated).map((m) => [m.key, m.unit, m.test])).toEqual([
      ["perception", "points", "bootstrap"],
      ["cognition", "points", "bootstrap"],
    ]);
    expect(metric("tasks.OCR.acc").unit).toBe("fraction");
    expect(metric("tasks.OCR.score").unit).toBe("points");
  });
});
