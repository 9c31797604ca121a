import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface CraftedItem {
  id: string;
  correct?: 0 | 1;
  score?: number;
  parsed?: string | null;
  target?: unknown;
  meta?: Record<string, unknown>;
}

export interface CraftedRun {
  harness?: string;
  name?: string;
  factors?: Record<string, string>;
  benchmarks: Record<string, CraftedItem[]>;
  /** Prompt hash per `benchmark/id` written to predictions.jsonl (default: none written). */
  prompts?: Record<string, string>;
}

/**
 * Writes a finished run's folder (results.json, items.jsonl, optionally predictions.jsonl) as
 * `vlm-bench run` does, from crafted items, so gate and effects tests control every answer.
 * The results' metric is the plain item mean.
 */
export function writeRun(dir: string, run: CraftedRun): string {
  mkdirSync(dir, { recursive: true });
  const fingerprint = `crafted:${run.name ?? "model"}`;
  const benchmarks: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const [benchmark, items] of Object.entries(run.benchmarks)) {
    const values = items.map((i) => i.score ?? i.correct ?? 0);
    benchmarks[benchmark] = {
      n: items.length,
      failed: 0,
      unparsed: 0,
      metrics: { accuracy: values.reduce((s, v) => s + v, 0) / Math.max(1, values.length) },
    };
    for (const item of items) {
      lines.push(JSON.stringify({ benchmark, parsed: "x", target: "t", meta: {}, ...item }));
    }
  }
  const results = {
    version: 1,
    harness: run.harness ?? "vlm-bench@0.1.0",
    created: "2026-01-01T00:00:00.000Z",
    model: {
      adapter: "crafted",
      name: run.name ?? "model",
      fingerprint,
      settings: { maxTokens: 16, temperature: 0, seed: 0 },
      factors: run.factors ?? {},
    },
    benchmarks,
  };
  writeFileSync(path.join(dir, "results.json"), JSON.stringify(results, null, 2));
  writeFileSync(path.join(dir, "items.jsonl"), lines.map((l) => l + "\n").join(""));
  if (run.prompts !== undefined) {
    const records = Object.entries(run.prompts).map(([key, sha]) => {
      const slash = key.indexOf("/");
      return JSON.stringify({
        benchmark: key.slice(0, slash),
        id: key.slice(slash + 1),
        adapter: fingerprint,
        prompt_sha: sha,
        text: "x",
        latency_ms: 1,
        time: "2026-01-01T00:00:00.000Z",
      });
    });
    writeFileSync(path.join(dir, "predictions.jsonl"), records.map((r) => r + "\n").join(""));
  }
  return path.join(dir, "results.json");
}

/** `n` items `toy/<i>` whose correctness is `pattern(i)`. */
export function binaryItems(n: number, pattern: (i: number) => boolean, prefix = "q"): CraftedItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, correct: pattern(i) ? 1 : 0 }));
}
