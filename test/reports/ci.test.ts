import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import { computeIntervals } from "../../reports/ci.js";
import { gridColumns } from "../../reports/columns.js";
import type { ItemLine } from "../../src/run-folder/index.js";
import { runCli } from "../helpers/cli.js";
import { reply, ScriptedServer } from "../helpers/openai-server.js";
import { resultsFile, writeRun } from "../helpers/results-files.js";
import { tempDir } from "../helpers/tmp.js";

const item = (benchmark: string, id: string, correct: 0 | 1, extra: Partial<ItemLine> = {}): ItemLine => ({
  benchmark,
  id,
  parsed: null,
  correct,
  target: null,
  ...extra,
});
/** POPE items: split, answer, label. */
const popeItem = (split: string, n: number, parsed: "yes" | "no", target: "yes" | "no") =>
  item("pope", `${split}/${n}`, parsed === target ? 1 : 0, { parsed, target, meta: { split } });

// random: TP, TP, FP, TN → acc 3/4, P 2/3, R 1, F1 0.8; popular: TP, FN → acc 1/2, P 1, R 1/2, F1 2/3
const POPE_ITEMS = [
  popeItem("random", 1, "yes", "yes"),
  popeItem("random", 2, "yes", "yes"),
  popeItem("random", 3, "yes", "no"),
  popeItem("random", 4, "no", "no"),
  popeItem("popular", 1, "yes", "yes"),
  popeItem("popular", 2, "no", "yes"),
];
const registry = (name: string) => benchmarks.find((b) => b.name === name);

describe("computeIntervals", () => {
  it("gives an interval around each metric that recomputes to the stored value", () => {
    const results = resultsFile({ name: "m" }, { pope: { metrics: { accuracy: (3 / 4 + 1 / 2) / 2, f1: (0.8 + 2 / 3) / 2 } } });
    const { intervals, notes } = computeIntervals(results, POPE_ITEMS, registry);
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
    const { intervals, notes } = computeIntervals(results, [item("gqa", "1", 1), item("gqa", "2", 0)], registry);
    expect(intervals.size).toBe(0);
    expect(notes).toEqual([
      "openai:m, gqa.accuracy: recomputing it from items.jsonl gives 0.5, not 0.9, so no confidence interval (are results.json and items.jsonl from the same run?).",
      "openai:m, pope: no items in items.jsonl, so no confidence intervals.",
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

describe("vlm-bench table --ci on a bundled run of all seven benchmarks", () => {
  let judge: ScriptedServer;
  beforeAll(async () => {
    // Grades vary with the row shown, so MM-Vet's interval has width.
    judge = await ScriptedServer.start({ answer: (req) => reply.completion(String((req.body.length % 11) / 10)) });
  });
  afterAll(() => judge.close());

  it("gives an interval around every grid metric, MME's in points and MMVP's pair accuracy included", async () => {
    const out = path.join(tempDir(), "run");
    const run = await runCli([
      "run",
      "--model",
      "baseline:random",
      "--judge",
      "openai:grader",
      "--judge-base-url",
      judge.baseUrl,
      "--out",
      out,
      "--no-progress",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const table = await runCli(["table", path.join(out, "results.json"), "--ci", "--format", "json"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toBe("");
    const cells = JSON.parse(table.stdout).rows[0].metrics as Record<string, { value: number; ci?: [number, number] }>;
    const results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    for (const column of gridColumns(benchmarks)) {
      const key = `${column.benchmark}.${column.path.join(".")}`;
      const { value, ci } = cells[key]!;
      expect(ci, key).toBeDefined();
      expect(ci![0], key).toBeLessThanOrEqual(value);
      expect(ci![1], key).toBeGreaterThanOrEqual(value);
      expect(ci![1], key).toBeGreaterThan(ci![0]);
      expect(results.benchmarks[column.benchmark].ci.metrics[column.path.join(".")]).toEqual(ci);
    }
    // Points, not fractions: MME's perception sums ten task scores of up to 200.
    expect(cells["mme.perception"]!.ci![1]).toBeGreaterThan(100);
    expect(cells["mme.cognition"]!.ci![1]).toBeGreaterThan(10);
    // Details get intervals too (stored, not shown in the grid).
    expect(Object.keys(results.benchmarks.mme.ci.metrics)).toHaveLength(2 + 14 * 3);
    expect(results.benchmarks.mmvp.ci.metrics.question_accuracy).toHaveLength(2);
  });
});
