import path from "node:path";
import { type ItemLine, writeFileAtomic } from "./run-folder/index.js";
import type { Benchmark, BenchmarkResult, JudgeSummary, Sample, ScoreContext } from "./types.js";
import { minusUsage } from "./usage.js";

export interface ScoredBenchmark {
  /** results.json's entry for the benchmark, without speed (only a model run has speed). */
  entry: Omit<BenchmarkResult, "speed">;
  /** items.jsonl's lines for the benchmark. */
  items: ItemLine[];
  /** Samples the scorer could not score (a judge call failed); already counted in `entry.failed`. */
  failures: { id: string; message: string }[];
  /** Files the benchmark asks to write next to results.json (see writeScoredFiles). */
  files: { name: string; text: string }[];
}

/**
 * Parse and score saved outputs: the one path shared by `run` (fresh answers) and `score`
 * (saved answers), so both give the same numbers. Samples without an output are not scored.
 */
export async function scoreOutputs(
  benchmark: Benchmark,
  samples: readonly Sample[],
  outputs: ReadonlyMap<string, string>,
  failed = 0,
  extra: Omit<ScoreContext, "outputs"> = {},
): Promise<ScoredBenchmark> {
  const answered = samples.filter((s) => outputs.has(s.id));
  const parsed = answered.map((s) => benchmark.parse(outputs.get(s.id)!, s));
  // A judge is handed only to benchmarks that use one, and its use is recorded per benchmark.
  const judge = benchmark.judge === undefined ? undefined : extra.judge;
  const before = judge?.stats();
  const usageBefore = judge?.usage?.();
  const scored = await benchmark.score(answered, parsed, { ...extra, judge, outputs, loaded: samples });
  const files = scored.files ?? [];
  const targets = new Map(answered.map((s) => [s.id, s.target]));
  const unscored = new Set((scored.failures ?? []).map((f) => f.id));
  const entry: ScoredBenchmark["entry"] = {
    n: answered.length - unscored.size,
    failed: failed + unscored.size,
    unparsed: parsed.filter((p, i) => p === null && !unscored.has(answered[i]!.id)).length,
    metrics: scored.metrics,
    ...(scored.note === undefined ? {} : { note: scored.note }),
    ...(files.length === 0 ? {} : { files: files.map((f) => f.name) }),
  };
  if (judge !== undefined && before !== undefined) {
    const after = judge.stats();
    const usageAfter = judge.usage?.();
    const summary: JudgeSummary = {
      model: judge.model,
      fingerprint: judge.fingerprint,
      runs: benchmark.judge === "required" ? judge.runs : 1,
      calls: after.calls - before.calls,
      cached: after.cached - before.cached,
    };
    if (usageBefore !== undefined && usageAfter !== undefined) {
      summary.usage = minusUsage(usageAfter.fresh, usageBefore.fresh);
      summary.cached_usage = minusUsage(usageAfter.cached, usageBefore.cached);
    }
    if (judge.prices !== undefined) summary.prices = judge.prices;
    entry.judge = summary;
  }
  return {
    entry,
    files,
    items: scored.items.map((item) => ({ benchmark: benchmark.name, ...item, target: targets.get(item.id) })),
    failures: scored.failures ?? [],
  };
}

/** Writes a scored benchmark's extra files (e.g. an EvalAI submission) into the output folder. */
export function writeScoredFiles(outDir: string, scored: Pick<ScoredBenchmark, "files">): void {
  for (const file of scored.files) writeFileAtomic(path.join(outDir, path.basename(file.name)), file.text);
}
