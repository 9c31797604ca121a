import type { ItemLine } from "./results.js";
import type { Benchmark, BenchmarkResult, Sample, ScoreContext } from "./types.js";

export interface ScoredBenchmark {
  /** results.json's entry for the benchmark, without speed (only a model run has speed). */
  entry: Omit<BenchmarkResult, "speed">;
  /** items.jsonl's lines for the benchmark. */
  items: ItemLine[];
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
  const scored = await benchmark.score(answered, parsed, { ...extra, outputs });
  const targets = new Map(answered.map((s) => [s.id, s.target]));
  return {
    entry: {
      n: answered.length,
      failed,
      unparsed: parsed.filter((p) => p === null).length,
      metrics: scored.metrics,
    },
    items: scored.items.map((item) => ({ benchmark: benchmark.name, ...item, target: targets.get(item.id) })),
  };
}
