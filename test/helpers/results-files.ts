import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ItemLine } from "../../src/run-folder/index.js";
import type { BenchmarkResult, ResultsFile } from "../../src/types.js";

/** A results.json as `vlm-bench run` writes it, with the given model and benchmarks. */
export function resultsFile(
  model: { name: string; label?: string; factors?: Record<string, string>; adapter?: string },
  benchmarks: Record<string, Partial<BenchmarkResult> & { metrics: BenchmarkResult["metrics"] }>,
  harness = "vlm-bench@0.1.0",
): ResultsFile {
  const adapter = model.adapter ?? "openai";
  return {
    version: 1,
    harness,
    created: "2026-01-01T00:00:00.000Z",
    model: {
      adapter,
      name: model.name,
      ...(model.label !== undefined ? { label: model.label } : {}),
      fingerprint: `${adapter}:${model.name}|max_tokens=128|temperature=0|seed=0`,
      settings: { maxTokens: 128, temperature: 0, seed: 0 },
      factors: model.factors ?? {},
    },
    benchmarks: Object.fromEntries(Object.entries(benchmarks).map(([name, b]) => [name, { n: 100, failed: 0, unparsed: 0, ...b }])),
  };
}

/** Writes `dir/results.json` (and `dir/items.jsonl` when items are given); returns the results path. */
export function writeRun(dir: string, results: ResultsFile, items?: readonly ItemLine[]): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "results.json");
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  if (items !== undefined) writeFileSync(path.join(dir, "items.jsonl"), items.map((i) => JSON.stringify(i)).join("\n") + "\n");
  return file;
}

/**
 * The eight LLaVA-Gemma variants of the seed paper's Table 1, as published, in results.json
 * units (SPEC §3): fractions, MME in points; MM-Vet and VQAv2 are printed as percentages.
 */
export const PAPER_ROWS: readonly [string, string, string, number[]][] = [
  ["gemma-2b-it", "CLIP", "yes", [0.531, 236, 1130, 17.7, 0.85, 0.839, 70.7, 0.287, 0.564]],
  ["gemma-2b-it", "CLIP", "no", [0.481, 249, 935, 13.1, 0.784, 0.762, 61.7, 0.18, 0.549]],
  ["gemma-2b-it", "DinoV2", "yes", [0.587, 307, 1133, 19.1, 0.853, 0.838, 71.4, 0.227, 0.555]],
  ["gemma-2b-it", "DinoV2", "no", [0.501, 309, 959, 14.5, 0.793, 0.772, 61.7, 0.18, 0.568]],
  ["gemma-7b-it", "CLIP", "yes", [0.472, 254, 895, 18.2, 0.848, 0.829, 68.7, 0.327, 0.625]],
  ["gemma-7b-it", "CLIP", "no", [0.472, 278, 857, 19.1, 0.782, 0.734, 65.1, 0.24, 0.636]],
  ["gemma-7b-it", "DinoV2", "yes", [0.519, 257, 1021, 14.3, 0.794, 0.762, 65.2, 0.327, 0.628]],
  ["gemma-7b-it", "DinoV2", "no", [0.459, 226, 771, 12.2, 0.693, 0.567, 57.4, 0.267, 0.598]],
];

export function paperResults(): ResultsFile[] {
  return PAPER_ROWS.map(([llm, vision, pretrain, v]) => {
    const size = llm.slice(6, 8);
    return resultsFile(
      { name: `llava-gemma-${size}-${vision.toLowerCase()}-${pretrain === "yes" ? "pt" : "nopt"}`, factors: { llm, vision, pretrain } },
      {
        gqa: { metrics: { accuracy: v[0]! } },
        mme: { metrics: { cognition: v[1]!, perception: v[2]! } },
        mmvet: { metrics: { total: v[3]! / 100 } },
        pope: { metrics: { accuracy: v[4]!, f1: v[5]! } },
        vqav2: { metrics: { accuracy: v[6]! / 100 } },
        mmvp: { metrics: { accuracy: v[7]! } },
        scienceqa: { metrics: { accuracy: v[8]! } },
      },
    );
  });
}
