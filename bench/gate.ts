/**
 * `npm run bench` rows for the gate (BENCHMARKS.md, "Gate"): its false-alarm rate and power by
 * simulation at the defaults, MME's run-to-run noise (from which its tolerances were chosen), the
 * detectable drop per gated metric at every benchmark's full size, and the gate's wall time.
 */
import { cpus, loadavg } from "node:os";
import { benchmarks } from "../datasets/index.js";
import { scoreMme } from "../datasets/mme/score.js";
import { decideAll, type TestedBenchmark, testBenchmark } from "../src/gate/compare.js";
import { mulberry32, type Rng } from "../src/random.js";
import type { ScoredItem } from "../src/types.js";
import { type Scenario, simulateGate } from "./fixtures/gate-calibration.js";
import { drawAnswers, mmeSamples, modelProbabilities, popeSamples, scoreItems, seeded } from "./fixtures/gate-runs.js";
import { gateTiming } from "./gate-timing.js";
import { VQAV2_VAL_QUESTIONS } from "./score-vqav2.js";

const POPE_MODEL = { accuracy: 0.85, concentration: 1 };
const MME_MODEL = { accuracy: 0.8, concentration: 1 };

/** The issue-17 table, remeasured: rows of [case, draws, scenario]. */
export const CALIBRATION: readonly [string, number, Scenario][] = [
  ["POPE (8,910 items), same model twice", 200, { name: "", models: { pope: POPE_MODEL }, candidate: { kind: "sampling" } }],
  ["POPE, true 2-point accuracy drop", 200, { name: "", models: { pope: POPE_MODEL }, candidate: { kind: "sampling", drop: 0.02 } }],
  ["MME (2,374 items), same model twice", 200, { name: "", models: { mme: MME_MODEL }, candidate: { kind: "sampling" } }],
  [
    "MME and POPE gated in one call, same model twice",
    200,
    { name: "", models: { pope: POPE_MODEL, mme: MME_MODEL }, candidate: { kind: "sampling" } },
  ],
  ["MME, true accuracy drop of 0.8 points", 200, { name: "", models: { mme: MME_MODEL }, candidate: { kind: "sampling", drop: 0.008 } }],
  ["MME, true accuracy drop of 2 points", 200, { name: "", models: { mme: MME_MODEL }, candidate: { kind: "sampling", drop: 0.02 } }],
  ["MME, true accuracy drop of 5 points", 200, { name: "", models: { mme: MME_MODEL }, candidate: { kind: "sampling", drop: 0.05 } }],
  [
    "MME, temperature 0, 4 cognition answers turned wrong",
    200,
    {
      name: "",
      models: { mme: { accuracy: 0.8, concentration: 0.3 } },
      candidate: { kind: "flips", flips: 4, turnWrong: "mme cognition" },
    },
  ],
  [
    "POPE, temperature 0, 10 answers flipped",
    200,
    { name: "", models: { pope: { accuracy: 0.85, concentration: 0.3 } }, candidate: { kind: "flips", flips: 10 } },
  ],
];

export function calibrationRows(): string[] {
  return CALIBRATION.map(([label, draws, scenario]) => {
    const r = simulateGate(scenario, draws, { resamples: 10_000 });
    const changes = Object.entries(r.difference).map(
      ([m, d]) => `${m} ${d >= 0 ? "+" : ""}${m.startsWith("mme.") ? d.toFixed(1) : d.toFixed(4)}`,
    );
    return `| ${label} | ${r.failures}/${r.draws} = ${(r.rate * 100).toFixed(1)}% | ${changes.join(", ")} |`;
  });
}

/** Run-to-run spread of MME perception and cognition (sd of the difference between two sampled runs of one model). */
export function mmeNoiseRows(): string[] {
  const samples = mmeSamples();
  const rows: string[] = [];
  for (const accuracy of [0.7, 0.8, 0.9]) {
    for (const concentration of [0.5, 1, 2, 4]) {
      const rng = seeded(17);
      const sq = { perception: 0, cognition: 0 };
      const n = 200;
      for (let d = 0; d < n; d++) {
        const p = modelProbabilities(samples.length, accuracy, concentration, rng);
        const a = scoreMme(samples, drawAnswers(samples, p, rng)).metrics;
        const b = scoreMme(samples, drawAnswers(samples, p, rng)).metrics;
        sq.perception += ((b.perception as number) - (a.perception as number)) ** 2 / n;
        sq.cognition += ((b.cognition as number) - (a.cognition as number)) ** 2 / n;
      }
      const [sp, sc] = [Math.sqrt(sq.perception), Math.sqrt(sq.cognition)];
      rows.push(
        `| ${accuracy} | ${concentration} | ${sp.toFixed(1)} | ${sc.toFixed(1)} | ${(0.674 * sp).toFixed(1)} | ${(0.674 * sc).toFixed(1)} |`,
      );
    }
  }
  return rows;
}

/**
 * One gate call over every benchmark at full size, two sampled runs of the same model
 * (accuracy 0.8, κ = 1): each gated metric's detectable drop at 80% power, Holm over all of them.
 */
export function detectableRows(): string[] {
  const rng = mulberry32(23);
  const pairs: [string, ScoredItem[], ScoredItem[]][] = [];
  const yesNo = (name: "pope" | "mme", samples: ReturnType<typeof popeSamples>) => {
    const p = modelProbabilities(samples.length, name === "pope" ? 0.85 : 0.8, 1, rng);
    pairs.push([name, scoreItems(name, samples, drawAnswers(samples, p, rng)), scoreItems(name, samples, drawAnswers(samples, p, rng))]);
  };
  yesNo("pope", popeSamples());
  yesNo("mme", mmeSamples());
  const share = (name: string, n: number, meta: (i: number) => Record<string, unknown> = () => ({})) => {
    const p = modelProbabilities(n, 0.8, 1, rng);
    const run = () => Array.from(p, (pi, i): ScoredItem => ({ id: String(i), parsed: "a", correct: rng() < pi ? 1 : 0, meta: meta(i) }));
    pairs.push([name, run(), run()]);
  };
  share("gqa", 12_578, (i) => ({ answer_type: i % 2 ? "binary" : "open" }));
  share("scienceqa", 2_017);
  share("mmvp", 300, (i) => ({ pair: Math.floor(i / 2) }));
  const graded = (name: string, n: number, withRuns: boolean) => {
    const p = modelProbabilities(n, 0.8, 1, rng);
    const grade = (r: Rng, pi: number) => (r() < pi ? 1 : [0, 0.3, 0.6, 0.9][Math.floor(r() * 4)]!);
    const run = () =>
      Array.from(p, (pi, i): ScoredItem => {
        const score = grade(rng, pi);
        return { id: String(i), parsed: "a", score, meta: withRuns ? { run_scores: [score] } : { answer_type: "other" } };
      });
    pairs.push([name, run(), run()]);
  };
  graded("vqav2", VQAV2_VAL_QUESTIONS, false);
  graded("mmvet", 218, true);
  const tested: TestedBenchmark[] = pairs.map(([name, a, b]) => {
    const benchmark = benchmarks.find((x) => x.name === name)!;
    const tests = testBenchmark(benchmark.itemMetrics ?? [], a, b, { resamples: 10_000 });
    return { benchmark: name, common: a.length, onlyBaseline: 0, onlyCandidate: 0, tests, tolerances: benchmark.gateTolerances ?? {} };
  });
  const decided = decideAll(tested, { alpha: 0.05, maxDropPerMetric: {} });
  const family = decided.reduce((n, b) => n + b.metrics.length, 0);
  return decided.flatMap((b) =>
    b.metrics.map((m) => {
      const f = (x: number) => (m.unit === "points" ? x.toFixed(1) : (x * 100).toFixed(2) + " pt");
      return `| ${m.metric} | ${b.common.toLocaleString("en")} items, ${m.n.toLocaleString("en")} units | ${f(m.maxDrop)} | ${f(m.nullSd)} | ${f(m.detectableDrop)} | ${m.test} | ${family} |`;
    }),
  );
}

export async function gateBench(): Promise<void> {
  console.log(
    `\ngate — load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(", ")} on ${cpus().length} cores`,
  );
  console.log("\ngate wall time (one call, 10,000 random swaps; reading both run folders counted apart):");
  for (const t of await gateTiming()) {
    const s = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `  ${t.name}, ${t.items.toLocaleString("en")} items: gate() ${s(t.gateMs)} s wall (${s(t.gateCpuMs)} s CPU); ` +
        `loadRun × 2 ${s(t.loadMs)} s wall (${s(t.loadCpuMs)} s CPU) — ${t.metrics}`,
    );
  }
  console.log("\nMME run-to-run noise (200 pairs of sampled runs per row; tolerances = 0.674 × sd, the median |Δ|):");
  console.log(
    "| accuracy | κ | sd Δ perception | sd Δ cognition | median abs Δ perception | median abs Δ cognition |\n|---:|---:|---:|---:|---:|---:|",
  );
  for (const row of mmeNoiseRows()) console.log(row);
  console.log("\ndetectable drop at 80% power, one gate call over every benchmark at full size (same model twice, sampling):");
  console.log("| metric | size | max drop | null sd | detectable drop | test | Holm family |\n|---|---|---:|---:|---:|---|---:|");
  for (const row of detectableRows()) console.log(row);
  console.log("\ngate calibration and power at the defaults (alpha 0.05 family-wise, declared tolerances, 10,000 random swaps):");
  console.log("| case | gate failed | mean change |\n|---|---:|---|");
  for (const row of calibrationRows()) console.log(row);
}
