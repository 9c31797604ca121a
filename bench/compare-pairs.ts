import { benchmarks } from "../datasets/index.js";
import { comparePairs } from "../reports/html/compare-data.js";
import type { LoadedRun } from "../src/run-folder/index.js";
import { makeRuns } from "./fixtures/compare-runs.js";

/**
 * Issue 16's scale case for the report's #compare data: 8 models × 10,000 items (POPE's 8,910
 * questions, scored by scorePope, whose accuracy and F1 the gate tests with 10,000 random swaps
 * each, plus 1,090 GQA-like 0/1 items tested by exact McNemar), every run with its prompt hashes:
 * comparePairs over all 56 ordered pairs. Then the same with the last model's GQA marked partial,
 * so that 14 pairs take the slow path (the gate refuses, each benchmark is gated alone, then the
 * comparable ones again). `npm run build && node dist/bench/compare-pairs.js [GQA_ITEMS]`
 */
const MODELS = 8;
/** GQA-like items per model (argument 1, default 1,090: 10,000 items with POPE's). */
const GQA_ITEMS = Number(process.argv[2] ?? 1_090);

function time(label: string, runs: readonly LoadedRun[]): void {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const pairs = comparePairs(runs, { findBenchmark: (name) => benchmarks.find((b) => b.name === name) });
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const refused = pairs.filter((p) => p.benchmarks.some((b) => !b.comparable)).length;
  const flips = pairs.reduce((s, p) => s + p.benchmarks.reduce((t, b) => t + (b.comparable ? (b.flips.ids?.length ?? 0) : 0), 0), 0);
  const bytes = JSON.stringify(pairs).length;
  console.log(
    `${label}: ${pairs.length} pairs (${refused} with a benchmark not comparable) in ${(wall / 1000).toFixed(1)} s wall, ` +
      `${((used.user + used.system) / 1e6).toFixed(1)} s CPU; ${flips} flipped ids in all; JSON ${(bytes / 1e6).toFixed(1)} MB`,
  );
}

const runs = makeRuns(MODELS, GQA_ITEMS);
time(`${MODELS} models × ${runs[0]!.items.get("pope")!.length + GQA_ITEMS} items, all comparable`, runs);
const last = runs[MODELS - 1]!;
last.results.benchmarks.gqa!.partial = { n: GQA_ITEMS, of: 12_578, limit: GQA_ITEMS };
time(`the same, model ${MODELS - 1}'s gqa partial`, runs);
