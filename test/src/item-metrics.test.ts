import path from "node:path";
import { describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import { gate } from "../../src/gate/compare.js";
import { NotComparableError } from "../../src/gate/protocol.js";
import { genericItemMetrics, itemMetricsFor, meanScore, meanWhere, shareCorrect } from "../../src/item-metrics/generic.js";
import { groupItems, metricAt } from "../../src/item-metrics/group.js";
import { loadRun } from "../../src/run-folder/index.js";
import { allOnes } from "../../src/stats/resample.js";
import type { ScoredItem } from "../../src/types.js";
import { writeRun } from "../helpers/runs.js";
import { tempDir } from "../helpers/tmp.js";

const whole = (design: { strata: readonly number[]; value(w: Uint32Array): number }) => design.value(allOnes(design.strata));

describe("groupItems", () => {
  it("numbers units stratum by stratum, in the strata order given, leaving out what is placed nowhere", () => {
    const items: ScoredItem[] = ["b1", "a1", "b2", "a1", "x", "b1"].map((id, i) => ({
      id: `${id}-${i}`,
      parsed: null,
      meta: { s: id[0], u: id },
    }));
    const g = groupItems(
      items,
      (item) => (item.meta!.s === "x" ? null : { stratum: String(item.meta!.s), unit: String(item.meta!.u) }),
      (names) => [...names].sort(),
    );
    expect(g.stratumNames).toEqual(["a", "b"]);
    expect(g.strata).toEqual([1, 2]);
    expect([...g.unitOf]).toEqual([1, 0, 2, 0, -1, 1]);
    expect(g.unitItems).toEqual([[1, 3], [0, 5], [2]]);
    expect([...g.unitStratum]).toEqual([0, 1, 1]);
  });
});

describe("metricAt", () => {
  it.each([
    ["perception", 1234.5],
    ["tasks.OCR.acc", 0.5],
    ["tasks.OCR", undefined],
    ["tasks.missing.acc", undefined],
    ["perception.deeper", undefined],
  ])("%s", (key, expected) => {
    expect(metricAt({ perception: 1234.5, tasks: { OCR: { acc: 0.5 } } }, key)).toBe(expected);
  });
});

describe("plain metrics over items", () => {
  it("shareCorrect is (number right) / n exactly, an item without `correct` counting as wrong", () => {
    const items: ScoredItem[] = [
      { id: "1", parsed: "a", correct: 1 },
      { id: "2", parsed: "a", correct: 0 },
      { id: "3", parsed: null },
    ];
    expect(whole(shareCorrect("accuracy").prepare(items))).toBe(1 / 3);
    expect(shareCorrect("accuracy")).toMatchObject({ test: "mcnemar", unit: "fraction", gated: true });
  });

  it("meanScore sums in item order as the scorers do (0.1 + 0.2 + 0.3, then / 3)", () => {
    const items: ScoredItem[] = [0.1, 0.2, 0.3].map((score, i) => ({ id: String(i), parsed: "a", score }));
    expect(whole(meanScore("accuracy").prepare(items))).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(
      meanScore("accuracy")
        .prepare(items)
        .value(Uint32Array.from([0, 0, 3])),
    ).toBe(0.3);
  });

  it("the fallback for a benchmark without item metrics: item_accuracy for 0/1 items, item_score once any is graded, nothing unscored", () => {
    expect(genericItemMetrics([{ id: "1", parsed: null, correct: 1 }]).map((m) => [m.key, m.test])).toEqual([["item_accuracy", "mcnemar"]]);
    const mixed = genericItemMetrics([
      { id: "1", parsed: null, correct: 1 },
      { id: "2", parsed: null, score: 0.5 },
    ]);
    expect(mixed.map((m) => [m.key, m.test])).toEqual([["item_score", "bootstrap"]]);
    expect(
      whole(
        mixed[0]!.prepare([
          { id: "1", parsed: null, correct: 1 },
          { id: "2", parsed: null, score: 0.5 },
        ]),
      ),
    ).toBe(0.75);
    expect(genericItemMetrics([{ id: "1", parsed: null }])).toEqual([]);
    expect(itemMetricsFor(undefined, [{ id: "1", parsed: null, correct: 0 }])[0]!.key).toBe("item_accuracy");
  });

  it("every registered benchmark declares item metrics, keyed by its SPEC §3 metric paths", () => {
    const keys = benchmarks.flatMap((b) => (b.itemMetrics ?? []).filter((m) => m.gated).map((m) => `${b.name}.${m.key}`));
    expect(keys).toEqual([
      "gqa.accuracy",
      "mme.perception",
      "mme.cognition",
      "mmvet.total",
      "pope.accuracy",
      "pope.f1",
      "vqav2.accuracy",
      "mmvp.accuracy",
      "mmvp.question_accuracy",
      "scienceqa.accuracy",
    ]);
  });
});

describe("gate with item metrics", () => {
  it("runs whose common items group differently (MMVP pairs that differ) cannot be compared: exit 2 with the reason", async () => {
    const dir = tempDir();
    const items = (pairOf: (i: number) => number) =>
      Array.from({ length: 4 }, (_, i) => ({ id: String(i + 1), correct: 1 as const, meta: { pair: pairOf(i) } }));
    const a = await loadRun(writeRun(path.join(dir, "a"), { benchmarks: { mmvp: items((i) => i >> 1) } }));
    const b = await loadRun(writeRun(path.join(dir, "b"), { benchmarks: { mmvp: items((i) => i % 2) } }));
    const run = () =>
      gate(a, b, {
        policy: { maxDrop: 0.01, maxDropPoints: 10, alpha: 0.05, maxDropPerMetric: {} },
        resamples: 50,
        findBenchmark: (n) => benchmarks.find((x) => x.name === n),
      });
    expect(run).toThrow(NotComparableError);
    expect(run).toThrow(/mmvp\.accuracy: the two runs group the common items differently/);
  });
});

describe("meanWhere: a breakdown over the selected items only", () => {
  const items: ScoredItem[] = [
    { id: "a", parsed: "x", correct: 1, score: 1, meta: { kind: "binary" } },
    { id: "b", parsed: "x", correct: 0, score: 0.3, meta: { kind: "open" } },
    { id: "c", parsed: "x", correct: 1, score: 0.6, meta: { kind: "binary" } },
    { id: "d", parsed: "x", correct: 0, score: 0, meta: { kind: "binary" } },
  ];
  it.each([
    ["correct", "binary", 2 / 3, "mcnemar"],
    ["correct", "open", 0, "mcnemar"],
    ["score", "binary", (1 + 0.6 + 0) / 3, "bootstrap"],
  ] as const)("mean of %s over %s items = %f (test %s); other items are not used", (of, kind, expected, test) => {
    const metric = meanWhere(kind, (i) => i.meta?.kind === kind, of);
    const d = metric.prepare(items);
    expect(metric.test).toBe(test);
    expect(metric.gated).toBe(false);
    expect(d.value(allOnes(d.strata))).toBe(expected);
    const selected = items.filter((i) => i.meta?.kind === kind).length;
    expect(d.strata).toEqual([selected]);
    expect([...d.unitOf].map((u) => u >= 0)).toEqual(items.map((i) => i.meta?.kind === kind));
  });
});
