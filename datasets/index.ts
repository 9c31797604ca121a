import path from "node:path";
import { UsageError } from "../src/errors.js";
import { packageRoot } from "../src/package-info.js";
import type { Benchmark } from "../src/types.js";
import { gqa } from "./gqa/index.js";
import { mme } from "./mme/index.js";
import { mmvet } from "./mmvet/index.js";
import { mmvp } from "./mmvp/index.js";
import { pope } from "./pope/index.js";
import { scienceqa } from "./scienceqa/index.js";
import { vqav2 } from "./vqav2/index.js";

/** Every benchmark the CLI knows, in SPEC order; a new benchmark is one folder and one line here. */
export const benchmarks: readonly Benchmark[] = [gqa, mme, mmvet, pope, vqav2, mmvp, scienceqa] as readonly Benchmark[];

export function findBenchmark(name: string): Benchmark {
  const wanted = name.trim().toLowerCase();
  const found = benchmarks.find((b) => b.name === wanted || b.aliases?.some((a) => a.toLowerCase() === wanted));
  if (found === undefined) {
    throw new UsageError(`unknown benchmark "${name}". Known benchmarks: ${benchmarks.map((b) => b.name).join(", ")}.`);
  }
  return found;
}

/** The small dataset shipped with the package, generated in the official layout. */
export function bundledDataDir(benchmark: Benchmark): string {
  return path.join(packageRoot, "datasets", benchmark.name, "mini");
}
