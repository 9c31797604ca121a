import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchmarks } from "../datasets/index.js";
import type { PopeLabel } from "../datasets/pope/loader.js";
import { scorePope } from "../datasets/pope/score.js";
import { analyseEffects } from "../src/effects/analyse.js";
import { gate } from "../src/gate/compare.js";
import { mulberry32 } from "../src/random.js";
import { loadRun } from "../src/run-folder/index.js";
import type { Sample } from "../src/types.js";

const SPLITS = ["random", "popular", "adversarial"] as const;

/** A POPE-shaped run folder: 8,910 items over three splits, answers right with probability `p`. */
function writePopeRun(dir: string, seed: number, p: number, factors: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  const rng = mulberry32(seed);
  const samples: Sample<PopeLabel>[] = [];
  const answers: string[] = [];
  for (const split of SPLITS) {
    const n = split === "random" ? 2910 : 3000;
    for (let q = 1; q <= n; q++) {
      const target = q % 2 === 0 ? "yes" : "no";
      samples.push({ id: `${split}/${q}`, benchmark: "pope", images: [], question: "", prompt: "", target, meta: { split } });
      answers.push(rng() < p ? target : target === "yes" ? "no" : "yes");
    }
  }
  // Scored as `vlm-bench run` scores, so results.json reports the metrics the gate compares.
  const { metrics, items } = scorePope(samples, answers);
  const lines = items.map((item, i) => JSON.stringify({ benchmark: "pope", ...item, target: samples[i]!.target }));
  writeFileSync(path.join(dir, "items.jsonl"), lines.join("\n") + "\n");
  const results = {
    version: 1,
    harness: "vlm-bench@0.1.0",
    created: new Date().toISOString(),
    model: { adapter: "bench", name: dir, fingerprint: `bench:${seed}`, settings: { maxTokens: 1, temperature: 0, seed: 0 }, factors },
    benchmarks: { pope: { n: lines.length, failed: 0, unparsed: 0, metrics } },
  };
  writeFileSync(path.join(dir, "results.json"), JSON.stringify(results));
  return dir;
}

/** Wall time of the gate (10,000 resamples) and of an 8-run effects fit at POPE's full size. */
export async function statistics(): Promise<{ gateMs: number; effectsMs: number; effectsRows: number }> {
  const root = mkdtempSync(path.join(tmpdir(), "vlm-bench-stats-"));
  try {
    const base = await loadRun(writePopeRun(path.join(root, "base"), 1, 0.85, {}));
    const cand = await loadRun(writePopeRun(path.join(root, "cand"), 2, 0.84, {}));
    const policy = { maxDrop: 0.01, maxDropPoints: 10, alpha: 0.05, maxDropPerMetric: {} };
    let start = performance.now();
    const report = gate(base, cand, { policy, resamples: 10_000, findBenchmark: (n) => benchmarks.find((b) => b.name === n) });
    const gateMs = performance.now() - start;
    const gated = report.benchmarks[0]!.metrics.map((m) => m.metric).join(",");
    if (gated !== "pope.accuracy,pope.f1")
      throw new Error(`bench/statistics: expected the gate to compare pope.accuracy and pope.f1, got "${gated}"`);

    const runs = [];
    let seed = 10;
    for (const llm of ["2b", "7b"])
      for (const vision of ["clip", "dino"])
        for (const pretrain of ["yes", "no"]) {
          runs.push(await loadRun(writePopeRun(path.join(root, `${llm}-${vision}-${pretrain}`), seed++, 0.8, { llm, vision, pretrain })));
        }
    start = performance.now();
    const result = analyseEffects(runs, { factors: ["llm", "vision", "pretrain"] });
    const effectsMs = performance.now() - start;
    return { gateMs, effectsMs, effectsRows: result.benchmarks[0]!.n };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
