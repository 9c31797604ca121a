import path from "node:path";
import { writeFileAtomic, type ItemLine } from "./results.js";
import type { Benchmark, BenchmarkResult, Sample, ScoreContext } from "./types.js";

export interface ScoredBenchmark {
  /** results.json's entry for the benchmark, without speed (only a model run has speed). */
  entry: Omit<BenchmarkResult, "speed">;
  /** items.jsonl's lines for the benchmark. */
  items: ItemLine[];
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
  const scored = await benchmark.score(answered, parsed, { ...extra, outputs, loaded: samples });
  const files = scored.files ?? [];
  const targets = new Map(answered.map((s) => [s.id, s.target]));
  return {
    entry: {
      n: answered.length,
      failed,
      unparsed: parsed.filter((p) => p === null).length,
      metrics: scored.metrics,
      ...(scored.note === undefined ? {} : { note: scored.note }),
      ...(files.length === 0 ? {} : { files: files.map((f) => f.name) }),
    },
    files,
    items: scored.items.map((item) => ({ benchmark: benchmark.name, ...item, target: targets.get(item.id) })),
  };
}

/** Writes a scored benchmark's extra files (e.g. an EvalAI submission) into the output folder. */
export function writeScoredFiles(outDir: string, scored: Pick<ScoredBenchmark, "files">): void {
  for (const file of scored.files) writeFileAtomic(path.join(outDir, path.basename(file.name)), file.text);
}
