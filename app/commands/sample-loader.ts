import { findBenchmark } from "../../datasets/index.js";
import type { Benchmark, Sample } from "../../src/types.js";
import { benchmarkDir } from "./data-dirs.js";

/**
 * Loads a benchmark's samples from a data folder (undefined: the bundled mini sets) for the
 * HTML report's prompts and images; null when that benchmark's data is not there or unknown.
 */
export function sampleLoader(dataDir: string | undefined): (benchmark: string) => Promise<Sample[] | null> {
  return async (name) => {
    let benchmark: Benchmark;
    try {
      benchmark = findBenchmark(name);
    } catch {
      return null;
    }
    const dir = benchmarkDir(dataDir, benchmark);
    if (dir === null) return null;
    try {
      return await benchmark.load(dir);
    } catch {
      return null; // the report still shows outputs and answers without prompts
    }
  };
}
