import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeIntervals } from "../../reports/ci.js";
import { ITEM_STATISTICS, type Cluster, type ItemStatistic } from "../../reports/item-statistics.js";
import type { ItemLine } from "../../src/results.js";
import { runCli } from "../helpers/cli.js";
import { resultsFile, writeRun } from "../helpers/results-files.js";
import { tempDir } from "../helpers/tmp.js";

const item = (benchmark: string, id: string, correct: 0 | 1, extra: Partial<ItemLine> = {}): ItemLine => ({
  benchmark, id, parsed: null, correct, target: null, ...extra,
});
const whole = (key: string, items: ItemLine[]) => {
  const s = ITEM_STATISTICS[key]!;
  return s.statistic(s.strata(items));
};

/** POPE items: split, answer, label. */
const popeItem = (split: string, n: number, parsed: "yes" | "no", target: "yes" | "no") =>
  item("pope", `${split}/${n}`, parsed === target ? 1 : 0, { parsed, target, meta: { split } });

// random: TP, TP, FP, TN → acc 3/4, P 2/3, R 1, F1 0.8; popular: TP, FN → acc 1/2, P 1, R 1/2, F1 2/3
const POPE_ITEMS = [
  popeItem("random", 1, "yes", "yes"), popeItem("random", 2, "yes", "yes"), popeItem("random", 3, "yes", "no"), popeItem("random", 4, "no", "no"),
  popeItem("popular", 1, "yes", "yes"), popeItem("popular", 2, "no", "yes"),
];

describe("metrics recomputed from items (reports/item-statistics.ts)", () => {
  it.each([
    ["pope.accuracy", POPE_ITEMS, (3 / 4 + 1 / 2) / 2],
    ["pope.f1", POPE_ITEMS, (0.8 + 2 / 3) / 2],
    // MME: existence image a both right, image b one right → acc 3/4, acc+ 1/2 → 125; OCR all right → 200
    ["mme.perception", [
      item("mme", "existence/a.jpg#1", 1), item("mme", "existence/a.jpg#2", 1), item("mme", "existence/b.jpg#1", 1), item("mme", "existence/b.jpg#2", 0),
      item("mme", "OCR/c.jpg#1", 1), item("mme", "OCR/c.jpg#2", 1), item("mme", "code_reasoning/d.png#1", 0), item("mme", "code_reasoning/d.png#2", 0),
    ], 325],
    ["mme.cognition", [item("mme", "code_reasoning/d.png#1", 1), item("mme", "code_reasoning/d.png#2", 0), item("mme", "OCR/c.jpg#1", 1)], 50],
    // MMVP: pairs (1,2) both right, (3,4) one right → 0.5
    ["mmvp.accuracy", [item("mmvp", "1", 1), item("mmvp", "2", 1), item("mmvp", "3", 1), item("mmvp", "4", 0)], 0.5],
    ["mmvp.accuracy", [item("mmvp", "x", 1, { meta: { pair: 7 } }), item("mmvp", "y", 0, { meta: { pair: 7 } }), item("mmvp", "z", 1, { meta: { pair: 8 } })], 0.5],
    ["mmvet.total", [item("mmvet", "v1_1", 0, { correct: undefined, score: 0.5 }), item("mmvet", "v1_2", 0, { correct: undefined, score: 1 })], 0.75],
    ["gqa.accuracy", [item("gqa", "1", 1), item("gqa", "2", 0), item("gqa", "3", 1), item("gqa", "4", 1)], 0.75],
  ] as const)("%s of hand-worked items", (key, items, expected) => {
    expect(whole(key, [...items])).toBeCloseTo(expected, 12);
  });

  it("MME resamples images within tasks: an image's two questions stay together", () => {
    const s = ITEM_STATISTICS["mme.perception"] as ItemStatistic<Cluster>;
    const strata = s.strata([item("mme", "count/a.jpg#1", 1), item("mme", "count/a.jpg#2", 0), item("mme", "color/b.jpg#1", 1), item("mme", "color/b.jpg#2", 1)]);
    expect(strata.map((task) => task.map((image) => image.map((i) => i.id)))).toEqual([
      [["count/a.jpg#1", "count/a.jpg#2"]],
      [["color/b.jpg#1", "color/b.jpg#2"]],
    ]);
  });
});

describe("computeIntervals", () => {
  it("gives an interval around each metric that recomputes to the stored value", () => {
    const results = resultsFile({ name: "m" }, { pope: { metrics: { accuracy: (3 / 4 + 1 / 2) / 2, f1: (0.8 + 2 / 3) / 2 } } });
    const { intervals, notes } = computeIntervals(results, POPE_ITEMS);
    expect(notes).toEqual([]);
    const ci = intervals.get("pope")!;
    expect(ci).toMatchObject({ level: 0.95, resamples: 1000, seed: 0 });
    const [lo, hi] = ci.metrics.accuracy!;
    expect(lo).toBeLessThanOrEqual(0.625);
    expect(hi).toBeGreaterThanOrEqual(0.625);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it("refuses an interval (with a note) when items.jsonl does not reproduce results.json", () => {
    const results = resultsFile({ name: "m" }, { gqa: { metrics: { accuracy: 0.9 } }, pope: { metrics: { accuracy: 0.5 } } });
    const { intervals, notes } = computeIntervals(results, [item("gqa", "1", 1), item("gqa", "2", 0)]);
    expect(intervals.size).toBe(0);
    expect(notes).toEqual([
      "openai:m, gqa.accuracy: recomputing it from items.jsonl gives 0.5, not 0.9, so no confidence interval (are results.json and items.jsonl from the same run?).",
      "openai:m, pope.accuracy: no items in items.jsonl, so no confidence interval.",
    ]);
  });
});

describe("vlm-bench table --ci", () => {
  it("stores the intervals in results.json and prints them, the same on every run", async () => {
    const items = Array.from({ length: 200 }, (_, i) => item("gqa", String(i), i % 4 === 0 ? 0 : 1));
    const file = writeRun(path.join(tempDir(), "run"), resultsFile({ name: "m" }, { gqa: { n: 200, metrics: { accuracy: 0.75 } } }), items);
    const first = await runCli(["table", file, "--ci"]);
    expect(first.code).toBe(0);
    const stored = JSON.parse(readFileSync(file, "utf8")).benchmarks.gqa.ci;
    expect(stored).toMatchObject({ level: 0.95, resamples: 1000, seed: 0 });
    const [lo, hi] = stored.metrics.accuracy;
    expect(lo).toBeGreaterThan(0.68);
    expect(hi).toBeLessThan(0.82);
    expect(first.stdout).toContain(`| openai:m | 0.750 [${lo.toFixed(3)}, ${hi.toFixed(3)}] |`);
    const second = await runCli(["table", file, "--ci", "--format", "json"]);
    expect(JSON.parse(second.stdout).rows[0].metrics["gqa.accuracy"].ci).toEqual([lo, hi]);
  });

  it("without items.jsonl says so in a note", async () => {
    const file = writeRun(path.join(tempDir(), "run"), resultsFile({ name: "m" }, { gqa: { metrics: { accuracy: 0.75 } } }));
    const result = await runCli(["table", file, "--ci"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`note: openai:m: no items.jsonl next to ${file}, so no confidence intervals.`);
    expect(result.stdout).toContain("- openai:m: no items.jsonl next to");
  });
});
