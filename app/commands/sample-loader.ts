import { findBenchmark } from "../../datasets/index.js";
import type { Benchmark, DataProvenance, ResultsFile, Sample } from "../../src/types.js";
import { benchmarkDir } from "./data-dirs.js";

/**
 * Loads a benchmark's samples from a data folder (undefined: the bundled mini sets) for the
 * HTML report's prompts and images; null when that benchmark's data is not there or unknown.
 */
export function sampleLoader(dataDir: string | undefined): (benchmark: string) => Promise<Sample[] | null> {
  return async (name) => {
    const benchmark = knownBenchmark(name);
    if (benchmark === null) return null;
    const dir = benchmarkDir(dataDir, benchmark);
    if (dir === null) return null;
    try {
      return await benchmark.load(dir);
    } catch {
      return null; // the report still shows outputs and answers without prompts
    }
  };
}

/**
 * `table` without --data: a benchmark's bundled mini set, but only when every run recorded that it
 * scored exactly that sample set (results.json provenance: the same sample-set sha256), so the
 * report never pairs answers with another dataset's prompts and images.
 */
export function bundledSampleLoader(runs: readonly ResultsFile[]): (benchmark: string) => Promise<Sample[] | null> {
  return async (name) => {
    const recorded = runs
      .map((r) => r.benchmarks[name])
      .filter((b) => b !== undefined)
      .map((b) => b.provenance?.sample_set.sha256);
    if (recorded.length === 0 || recorded.some((sha) => sha === undefined)) return null;
    const benchmark = knownBenchmark(name);
    if (benchmark === null) return null;
    const dir = benchmarkDir(undefined, benchmark);
    if (dir === null) return null;
    let provenance: DataProvenance | undefined;
    try {
      const samples = await benchmark.load(dir, { onProvenance: (p) => (provenance = p) });
      return recorded.every((sha) => sha === provenance?.sample_set.sha256) ? samples : null;
    } catch {
      return null;
    }
  };
}

/** The registry's benchmark of that name or alias, or null for a name a results file may carry that is unknown here. */
function knownBenchmark(name: string): Benchmark | null {
  try {
    return findBenchmark(name);
  } catch {
    return null;
  }
}
