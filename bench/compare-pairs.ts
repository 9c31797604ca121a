import { benchmarks } from "../datasets/index.js";
import { comparePairs } from "../reports/html/compare-data.js";
import type { ItemLine, LoadedRun, PredictionRecord } from "../src/run-folder/index.js";
import type { BenchmarkResult, ResultsFile } from "../src/types.js";
import { drawAnswers, modelProbabilities, popeSamples, scoreItems, seeded } from "./fixtures/gate-runs.js";

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

function makeRuns(): LoadedRun[] {
  const pope = popeSamples();
  const p = modelProbabilities(pope.length, 0.85, 1, seeded(11));
  const q = modelProbabilities(GQA_ITEMS, 0.6, 1, seeded(12));
  return Array.from({ length: MODELS }, (_, m): LoadedRun => {
    const rng = seeded(100 + m);
    const popeItems: ItemLine[] = scoreItems("pope", pope, drawAnswers(pope, p, rng, m * 0.005)).map((item) => ({
      ...item,
      benchmark: "pope",
      target: item.target,
    }));
    const gqaItems: ItemLine[] = Array.from(q, (pq, i) => {
      const correct = rng() < pq ? 1 : 0;
      return { benchmark: "gqa", id: `g${i}`, parsed: correct ? "yes" : "no", correct, target: "yes", meta: { answer_type: "binary" } };
    });
    const fingerprint = `bench:model-${m}`;
    const predictions: PredictionRecord[] = [...popeItems, ...gqaItems].map((item) => ({
      benchmark: item.benchmark,
      id: item.id,
      adapter: fingerprint,
      prompt_sha: `sha-${item.id}`,
      text: item.parsed ?? "",
      latency_ms: 1,
      time: "2026-12-01T00:00:00.000Z",
    }));
    const result = (n: number, metrics: Record<string, number>): BenchmarkResult => ({ n, failed: 0, unparsed: 0, metrics });
    const results: ResultsFile = {
      version: 1,
      harness: "vlm-bench@0.1.0",
      created: "2026-12-01T00:00:00.000Z",
      model: { adapter: "bench", name: `model-${m}`, fingerprint, settings: { maxTokens: 8, temperature: 0, seed: 0 }, factors: {} },
      // The gate gates what the baseline reports; the values themselves are recomputed from the items.
      benchmarks: {
        pope: result(popeItems.length, { accuracy: 0, f1: 0 }),
        gqa: result(GQA_ITEMS, { accuracy: 0 }),
      } as ResultsFile["benchmarks"],
    };
    return {
      label: `runs/model-${m}`,
      resultsFile: `runs/model-${m}/results.json`,
      dir: `runs/model-${m}`,
      results,
      items: new Map([
        ["pope", popeItems],
        ["gqa", gqaItems],
      ]),
      predictions,
    };
  });
}

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

const runs = makeRuns();
time(`${MODELS} models × ${runs[0]!.items.get("pope")!.length + GQA_ITEMS} items, all comparable`, runs);
const last = runs[MODELS - 1]!;
last.results.benchmarks.gqa!.partial = { n: GQA_ITEMS, of: 12_578, limit: GQA_ITEMS };
time(`the same, model ${MODELS - 1}'s gqa partial`, runs);
