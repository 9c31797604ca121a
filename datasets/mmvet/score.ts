import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import { gradeMmvet, type MmvetGrade } from "./grader.js";

/**
 * MM-Vet's metrics from judge grades. Without a judge nothing is scored: no items and no
 * `total` (reported as "not scored", never as 0). With `judge.runs` = N, every answer is graded
 * in each run; per run, total = mean score and a capability's score = mean over the answers that
 * have it; the reported values are the means over runs, with their population std (numpy's
 * default, as the official script). A sample whose grading fails in any run is left out of every
 * run and reported as a failure. Scores are fractions (the official script prints ×100).
 */
export async function scoreMmvet(
  samples: readonly Sample<string>[],
  parsed: readonly (string | null)[],
  context: ScoreContext,
): Promise<ScoreResult> {
  const judge = context.judge;
  if (judge === undefined) return { metrics: {}, items: [] };
  const runs = Array.from({ length: judge.runs }, (_, r) => r);
  const failures: { id: string; message: string }[] = [];
  const graded = await Promise.all(
    samples.map(async (sample, i) => {
      const prediction = parsed[i] ?? "";
      const outcomes = await Promise.allSettled(runs.map((run) => gradeMmvet(judge, sample, prediction, run)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
      if (failed !== undefined) {
        failures.push({ id: sample.id, message: (failed.reason as Error).message });
        return null;
      }
      return { sample, prediction, grades: outcomes.map((o) => (o as PromiseFulfilledResult<MmvetGrade>).value) };
    }),
  );
  const ok = graded.filter((g) => g !== null);
  const items: ItemResult[] = ok.map(({ sample, prediction, grades }) => ({
    id: sample.id,
    parsed: prediction,
    score: mean(grades.map((g) => g.score)),
    meta: {
      capabilities: sample.meta.capabilities,
      run_scores: grades.map((g) => g.score),
      judge_replies: grades.map((g) => g.replies),
    },
  }));
  return {
    metrics: mmvetMetrics(ok.map((g) => ({ capabilities: capabilitiesOf(g.sample), scores: g.grades.map((x) => x.score) }))),
    items,
    failures,
  };
}

/** One graded answer: its capabilities and its score in each judge run. */
export interface GradedAnswer {
  capabilities: readonly string[];
  scores: readonly number[];
}

/** Pure: the metric tree from graded answers (all with the same number of runs). Empty input → {}. */
export function mmvetMetrics(answers: readonly GradedAnswer[]): Metrics {
  if (answers.length === 0) return {};
  const runCount = answers[0]!.scores.length;
  const perRun = (subset: readonly GradedAnswer[]) => Array.from({ length: runCount }, (_, r) => mean(subset.map((a) => a.scores[r]!)));
  const totals = perRun(answers);
  const capabilities: Metrics = {};
  const capabilitiesStd: Metrics = {};
  for (const cap of capabilityOrder(answers)) {
    const byRun = perRun(answers.filter((a) => a.capabilities.includes(cap)));
    capabilities[cap] = mean(byRun);
    capabilitiesStd[cap] = populationStd(byRun);
  }
  return {
    total: mean(totals),
    std: populationStd(totals),
    capabilities,
    capabilities_std: capabilitiesStd,
    run_totals: Object.fromEntries(totals.map((t, r) => [String(r + 1), t])),
  };
}

/** Most frequent capability first, ties in order of first appearance (the official Counter.most_common). */
function capabilityOrder(answers: readonly GradedAnswer[]): string[] {
  const counts = new Map<string, number>();
  for (const a of answers) for (const c of a.capabilities) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([c]) => c);
}

const capabilitiesOf = (sample: Sample<string>): string[] => (sample.meta.capabilities as string[] | undefined) ?? [];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function populationStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}
