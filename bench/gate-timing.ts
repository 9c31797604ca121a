import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchmarks } from "../datasets/index.js";
import { gate } from "../src/gate/compare.js";
import { mulberry32 } from "../src/random.js";
import { loadRun } from "../src/run-folder/index.js";
import type { ScoredItem } from "../src/types.js";
import { drawAnswers, modelProbabilities, popeSamples, scoreItems } from "./fixtures/gate-runs.js";
import { VQAV2_VAL_QUESTIONS } from "./score-vqav2.js";

const GRADES = [0, 0.3, 0.6, 0.9, 1];
const TYPES = ["yes/no", "number", "other"];

/** A run folder as `vlm-bench run` writes it (results.json + items.jsonl), for one benchmark. */
function writeRunFolder(
  dir: string,
  benchmark: string,
  items: readonly ScoredItem[],
  metrics: Record<string, unknown>,
  seed: number,
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "items.jsonl"), items.map((item) => JSON.stringify({ benchmark, ...item })).join("\n") + "\n");
  const results = {
    version: 1,
    harness: "vlm-bench@0.1.0",
    created: new Date().toISOString(),
    model: { adapter: "bench", name: dir, fingerprint: `bench:${seed}`, settings: { maxTokens: 1, temperature: 0, seed: 0 }, factors: {} },
    benchmarks: { [benchmark]: { n: items.length, failed: 0, unparsed: 0, metrics } },
  };
  writeFileSync(path.join(dir, "results.json"), JSON.stringify(results));
  return dir;
}

/** VQAv2-val-sized items: graded VQA accuracies, ten human answers as the target, as scoreVqav2 writes them. */
function vqav2Items(seed: number, p: Float64Array): ScoredItem[] {
  const rng = mulberry32(seed);
  return Array.from(p, (pi, i) => {
    const score = rng() < pi ? 1 : GRADES[Math.floor(rng() * 4)]!;
    return {
      id: String(1_000_000 + i),
      parsed: "red",
      score,
      target: Array.from({ length: 10 }, (_, k) => (k < 6 ? "red" : "blue")),
      meta: { answer_type: TYPES[i % 3] },
    };
  });
}

const mean = (items: readonly ScoredItem[]) => items.reduce((s, i) => s + (i.score ?? 0), 0) / items.length;

/**
 * Wall time of one gate call (10,000 random swaps where the swap outcomes cannot be enumerated)
 * at POPE's and VQAv2 val's full sizes: reading both run folders, and the comparison itself.
 */
export async function gateTiming(): Promise<
  { name: string; items: number; loadMs: number; loadCpuMs: number; gateMs: number; gateCpuMs: number; metrics: string }[]
> {
  const root = mkdtempSync(path.join(tmpdir(), "vlm-bench-gate-"));
  const rows = [];
  try {
    const rng = mulberry32(5);
    const pope = popeSamples();
    const pp = modelProbabilities(pope.length, 0.85, 1, rng);
    const popeRuns = [1, 2].map((seed) => {
      const items = scoreItems("pope", pope, drawAnswers(pope, pp, mulberry32(seed), seed === 2 ? 0.01 : 0));
      return writeRunFolder(path.join(root, `pope-${seed}`), "pope", items, { accuracy: 0, f1: 0 }, seed);
    });
    const vp = modelProbabilities(VQAV2_VAL_QUESTIONS, 0.75, 1, rng);
    const vqaRuns = [1, 2].map((seed) => {
      const items = vqav2Items(seed, vp);
      return writeRunFolder(path.join(root, `vqav2-${seed}`), "vqav2", items, { accuracy: mean(items) }, seed);
    });
    const policy = { alpha: 0.05, maxDropPerMetric: {} };
    for (const [name, [a, b]] of [
      ["POPE", popeRuns],
      ["VQAv2 val", vqaRuns],
    ] as const) {
      // CPU time (user + system of this process) next to wall time: on a shared machine it is the steadier figure.
      const cpuMs = (since: NodeJS.CpuUsage) => {
        const u = process.cpuUsage(since);
        return (u.user + u.system) / 1000;
      };
      let start = performance.now();
      let cpu = process.cpuUsage();
      const base = await loadRun(a!);
      const cand = await loadRun(b!);
      const loadMs = performance.now() - start;
      const loadCpuMs = cpuMs(cpu);
      start = performance.now();
      cpu = process.cpuUsage();
      const report = gate(base, cand, { policy, resamples: 10_000, findBenchmark: (n) => benchmarks.find((x) => x.name === n) });
      const gateMs = performance.now() - start;
      const gateCpuMs = cpuMs(cpu);
      const metrics = report.benchmarks.flatMap((x) => x.metrics.map((m) => `${m.metric} (${m.test})`)).join(", ");
      rows.push({ name, items: report.benchmarks[0]!.common, loadMs, loadCpuMs, gateMs, gateCpuMs, metrics });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
