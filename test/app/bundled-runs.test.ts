import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarks } from "../../datasets/index.js";
import { columnKey, gridColumns } from "../../reports/columns.js";
import { metricAt } from "../../src/item-metrics/group.js";
import type { ItemLine } from "../../src/run-folder/index.js";
import { allOnes } from "../../src/stats/resample.js";
import type { ResultsFile } from "../../src/types.js";
import { runCli } from "../helpers/cli.js";
import { reply, ScriptedServer } from "../helpers/openai-server.js";
import { tempDir } from "../helpers/tmp.js";

const readRun = (out: string) => ({
  results: JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")) as ResultsFile,
  items: readFileSync(path.join(out, "items.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as ItemLine),
});

/** Every item metric the run reports, recomputed over all its items, next to results.json's value. */
function recomputed(run: ReturnType<typeof readRun>, name: string): { key: string; stored: number; value: number }[] {
  const benchmark = benchmarks.find((b) => b.name === name)!;
  const items = run.items.filter((i) => i.benchmark === name);
  return benchmark.itemMetrics!.flatMap((metric) => {
    const stored = metricAt(run.results.benchmarks[name]?.metrics, metric.key);
    if (stored === undefined) return [];
    const design = metric.prepare(items);
    return [{ key: `${name}.${metric.key}`, stored, value: design.value(allOnes(design.strata)) }];
  });
}

// A grader whose grade depends on the row it is shown and on the judge run (its seed), so
// MM-Vet's items carry different scores in each of two runs.
let judge: ScriptedServer;
beforeAll(async () => {
  judge = await ScriptedServer.start({
    answer: (req) => {
      const body = JSON.parse(req.body);
      const text = JSON.stringify(body.messages);
      let h = body.seed ?? 0;
      for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
      return reply.completion(String((h % 11) / 10));
    },
  });
});
afterAll(() => judge.close());

describe("item metrics recomputed over a whole bundled run equal results.json exactly", () => {
  it("baseline:random on every benchmark's mini set: every item metric, bit for bit", async () => {
    const out = path.join(tempDir(), "random");
    const r = await runCli(["run", "--model", "baseline:random", "--out", out, "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    const run = readRun(out);
    const checked = benchmarks.filter((b) => b.name !== "mmvet").flatMap((b) => recomputed(run, b.name));
    for (const { key, stored, value } of checked) expect(value, key).toBe(stored);
    const keys = checked.map((c) => c.key);
    // Every grid column but MM-Vet (unscored without a judge), MME's tasks and MMVP's question accuracy.
    for (const column of gridColumns(benchmarks).filter((c) => c.benchmark !== "mmvet")) expect(keys).toContain(columnKey(column));
    expect(keys).toEqual(expect.arrayContaining(["mmvp.question_accuracy", "mme.tasks.OCR.acc_plus", "mme.tasks.code_reasoning.score"]));
    // The breakdowns SPEC §3 names: GQA binary/open, VQAv2 per answer type, POPE per split.
    expect(keys).toEqual(expect.arrayContaining(["gqa.binary", "gqa.open", "vqav2.answer_types.yes/no", "vqav2.answer_types.other"]));
    for (const split of ["random", "popular", "adversarial"]) {
      for (const m of ["accuracy", "precision", "recall", "f1"]) expect(keys).toContain(`pope.splits.${split}.${m}`);
    }
    expect(keys.filter((k) => k.startsWith("mme.tasks."))).toHaveLength(14 * 3);
    // MM-Vet without a judge: no items, no total, nothing to recompute.
    expect(recomputed(run, "mmvet")).toEqual([]);
  });

  it("MM-Vet judged twice (--judge-runs 2): the total, a mean of per-run means, bit for bit", async () => {
    const out = path.join(tempDir(), "judged");
    const r = await runCli([
      "run",
      "--bench",
      "mmvet",
      "--model",
      "baseline:random",
      "--judge",
      "openai:grader",
      "--judge-base-url",
      judge.baseUrl,
      "--judge-runs",
      "2",
      "--out",
      out,
      "--no-progress",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const run = readRun(out);
    const all = recomputed(run, "mmvet");
    const [total] = all;
    expect(total!.key).toBe("mmvet.total");
    expect(total!.value).toBe(total!.stored);
    // Every capability the run reports, recomputed over the answers needing it, bit for bit.
    const capabilities = Object.keys(run.results.benchmarks.mmvet!.metrics.capabilities as object);
    expect(capabilities.length).toBeGreaterThan(1);
    expect(
      all
        .map((c) => c.key)
        .filter((k) => k.startsWith("mmvet.capabilities."))
        .sort(),
    ).toEqual(capabilities.map((c) => `mmvet.capabilities.${c}`).sort());
    for (const { key, stored, value } of all) expect(value, key).toBe(stored);
    expect(total!.stored).toBeGreaterThan(0);
    expect(run.results.benchmarks.mmvet!.metrics.std).toBeGreaterThan(0); // the two runs really differ
  });
});
