import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { benchmarks, bundledDataDir, findBenchmark } from "../../datasets/index.js";
import { TSV_FILES } from "../../datasets/tsv-files.js";
import type { Benchmark } from "../../src/types.js";

/** `--bench gqa,pope` → benchmarks (unknown names are a UsageError listing the known ones). */
export function selectBenchmarks(list: string | undefined): Benchmark[] {
  if (list === undefined || list.trim() === "") return [...benchmarks];
  const chosen = list
    .split(",")
    .filter((n) => n.trim() !== "")
    .map(findBenchmark);
  return [...new Set(chosen)];
}

/** The folders `--data DIR` may hold a benchmark in: its name, then its aliases (SPEC §2). */
export function candidateDirs(dataDir: string, benchmark: Benchmark): string[] {
  return [benchmark.name, ...(benchmark.aliases ?? [])].map((n) => path.join(dataDir, n));
}

/** The benchmark's folder under `--data DIR`, or the bundled mini set when no DIR is given. */
export function benchmarkDir(dataDir: string | undefined, benchmark: Benchmark): string | null {
  if (dataDir === undefined) return bundledDataDir(benchmark);
  const own = candidateDirs(dataDir, benchmark).find((d) => existsSync(d) && statSync(d).isDirectory());
  if (own !== undefined) return own;
  // VLMEvalKit's flat LMUData/ folder: POPE.tsv, MME.tsv, … side by side in DIR itself.
  const tsv = TSV_FILES[benchmark.name];
  return tsv !== undefined && existsSync(path.join(dataDir, tsv)) ? dataDir : null;
}
