import { itemMetricsFor } from "../item-metrics/generic.js";
import { metricAt } from "../item-metrics/group.js";
import type { ItemLine, LoadedRun } from "../run-folder/index.js";
import { holmAdjust } from "../stats/holm.js";
import type { Benchmark, ItemMetric, ScoredItem } from "../types.js";
import { pairItems } from "./align.js";
import { DETECTABLE_POWER, decide, detectableDrop, type GatePolicy, type GateStatus, gateExitCode, maxDropFor } from "./decide.js";
import { DesignMismatch, type MetricTest, testMetrics } from "./metric-tests.js";
import { itemMismatches, NotComparableError, promptHashes, protocolVersion } from "./protocol.js";
import { sampleSetMismatch } from "./sample-set.js";

export interface GateOptions {
  policy: GatePolicy;
  /** Random swaps of the randomization test when its swaps cannot all be enumerated (default 10 000), and their seed (default 0). */
  resamples?: number;
  seed?: number;
  /** Gate only these benchmarks (default: every benchmark of the baseline). */
  benchmarks?: readonly string[];
  /** The registry: each benchmark's item metrics (SPEC §3 metrics recomputed from items). */
  findBenchmark?: (name: string) => Benchmark | undefined;
}

export interface MetricComparison extends Omit<MetricTest, "key"> {
  /** `benchmark.key`, e.g. `pope.f1`: the name used in reports and per-metric max drops. */
  metric: string;
  /** The one-sided p for a drop (`pDrop`) after Holm's step-down over every gated metric of the call. */
  adjustedP: number;
  maxDrop: number;
  /** The smallest true drop caught with 80% power at this tolerance, level and discordance (decide.ts: detectableDrop). */
  detectableDrop: number;
  status: GateStatus;
}

export interface BenchmarkComparison {
  benchmark: string;
  common: number;
  onlyBaseline: number;
  onlyCandidate: number;
  metrics: MetricComparison[];
}

export interface GateReport {
  baseline: string;
  candidate: string;
  policy: GatePolicy;
  level: number;
  /** How many metrics Holm's adjustment spans (every gated metric of every benchmark). */
  family: number;
  /** The power at which detectable drops are stated. */
  power: number;
  benchmarks: BenchmarkComparison[];
  /** Things the reader should know that do not fail the gate (e.g. a candidate-only benchmark). */
  notes: string[];
  exitCode: 0 | 1;
}

/**
 * Compares a candidate run with a baseline run on the items both contain, benchmark by
 * benchmark and metric by metric. Throws NotComparableError (exit 2) when the runs come from
 * different protocol versions, share no items, or disagree on an item's ground truth or prompt.
 */
export function gate(baseline: LoadedRun, candidate: LoadedRun, options: GateOptions): GateReport {
  const { policy } = options;
  const level = 1 - policy.alpha;
  const reasons: string[] = [];
  const notes: string[] = [];
  const [pb, pc] = [baseline.results.harness, candidate.results.harness].map(protocolVersion);
  if (pb !== pc) {
    reasons.push(
      `the baseline was made by ${baseline.results.harness} (protocol ${pb}) and the candidate by ` +
        `${candidate.results.harness} (protocol ${pc}); re-create the baseline with the candidate's version`,
    );
  }
  const names = options.benchmarks ?? Object.keys(baseline.results.benchmarks);
  for (const name of Object.keys(candidate.results.benchmarks)) {
    // A benchmark that --bench left out is not news; one the baseline lacks is.
    if (!names.includes(name) && baseline.results.benchmarks[name] === undefined)
      notes.push(`${name}: only in the candidate, not gated (no baseline yet)`);
  }
  const basePrompts = promptHashes(baseline);
  const candPrompts = promptHashes(candidate);
  if (basePrompts === null || candPrompts === null) {
    notes.push(`prompts not compared: no predictions.jsonl next to ${basePrompts === null ? baseline.resultsFile : candidate.resultsFile}`);
  }

  const aligned: { name: string; base: ItemLine[]; cand: ItemLine[]; onlyBaseline: number; onlyCandidate: number }[] = [];
  for (const name of names) {
    const base = baseline.items.get(name) ?? [];
    const cand = candidate.items.get(name) ?? [];
    if (baseline.results.benchmarks[name] === undefined && base.length === 0) {
      reasons.push(`the baseline has no ${name} results`);
      continue;
    }
    if (candidate.results.benchmarks[name] === undefined && cand.length === 0) {
      reasons.push(`the candidate has no ${name} results (the baseline has)`);
      continue;
    }
    // Both reasons when both hold: the sample-set one names the ids that differ.
    const partly = partialMismatch(name, baseline, candidate);
    const differentSets = sampleSetMismatch(name, baseline, candidate);
    if (partly !== null || differentSets !== null) {
      reasons.push(...[partly, differentSets].filter((r) => r !== null));
      continue;
    }
    if (base.length === 0 && Object.keys(baseline.results.benchmarks[name]?.metrics ?? {}).length === 0) {
      // Not scored in the baseline (MM-Vet without a judge, VQAv2 test-dev): nothing to gate.
      notes.push(`${name}: not scored in the baseline, not gated`);
      continue;
    }
    if (cand.length === 0 && Object.keys(candidate.results.benchmarks[name]?.metrics ?? {}).length === 0) {
      // Scored in the baseline, not in the candidate: MM-Vet (and unclear MMVP answers) need a judge.
      reasons.push(
        `${name}: the candidate has no ${name} scores (the baseline has ${base.length} scored items): it was run without a judge ` +
          `or its answers were never scored; score them with \`vlm-bench score --predictions <candidate>/predictions.jsonl --bench ${name} --judge KIND:NAME\` ` +
          `(the same judge as the baseline), then gate again`,
      );
      continue;
    }
    const { base: common, cand: paired } = pairItems(base, cand);
    if (common.length === 0) {
      reasons.push(
        `${name}: no common items (baseline ${base.length}${base[0] ? `, e.g. "${base[0].id}"` : ""}; ` +
          `candidate ${cand.length}${cand[0] ? `, e.g. "${cand[0].id}"` : ""})`,
      );
      continue;
    }
    const ids = common.map((i) => i.id);
    reasons.push(
      ...itemMismatches(
        name,
        ids,
        { targets: common.map((i) => i.target), prompts: basePrompts?.get(name) },
        { targets: paired.map((i) => i.target), prompts: candPrompts?.get(name) },
      ),
    );
    aligned.push({
      name,
      base: common,
      cand: paired,
      onlyBaseline: base.length - common.length,
      onlyCandidate: cand.length - common.length,
    });
  }
  if (reasons.length > 0) throw new NotComparableError(reasons, baseline.label, candidate.label);

  const tested = aligned.map(({ name, base, cand, onlyBaseline, onlyCandidate }) => {
    if (onlyBaseline + onlyCandidate > 0) {
      notes.push(
        `${name}: compared on the ${base.length} common items (${onlyBaseline} only in the baseline, ${onlyCandidate} only in the candidate)`,
      );
    }
    const benchmark = options.findBenchmark?.(name);
    let definitions = benchmark?.itemMetrics ?? itemMetricsFor(undefined, [...base, ...cand]);
    if (benchmark?.itemMetrics !== undefined) {
      // Only what the baseline reports: MMVP without complete pairs has no pair accuracy.
      const reported = baseline.results.benchmarks[name]?.metrics;
      definitions = definitions.filter((d) => d.gated && metricAt(reported, d.key) !== undefined);
      if (definitions.length === 0) notes.push(`${name}: the baseline reports none of its gated metrics (not scored?), nothing to gate`);
    } else if (definitions.length === 0) notes.push(`${name}: items carry no correct/score (not scored?), nothing to gate`);
    let tests: MetricTest[];
    try {
      tests = testMetrics(definitions, base, cand, { resamples: options.resamples, seed: options.seed, level });
    } catch (error) {
      if (error instanceof DesignMismatch) throw new NotComparableError([`${name}.${error.message}`], baseline.label, candidate.label);
      throw error;
    }
    return { benchmark: name, common: base.length, onlyBaseline, onlyCandidate, tests, tolerances: benchmark?.gateTolerances ?? {} };
  });
  const benchmarks = decideAll(tested, policy);
  return {
    baseline: baseline.label,
    candidate: candidate.label,
    policy,
    level,
    family: benchmarks.reduce((n, b) => n + b.metrics.length, 0),
    power: DETECTABLE_POWER,
    benchmarks,
    notes,
    exitCode: gateExitCode(benchmarks.flatMap((b) => b.metrics.map((m) => m.status))),
  };
}

/** One benchmark's tested metrics, with the tolerances its benchmark declares (Benchmark.gateTolerances). */
export interface TestedBenchmark {
  benchmark: string;
  common: number;
  onlyBaseline: number;
  onlyCandidate: number;
  tests: readonly MetricTest[];
  tolerances: Readonly<Record<string, number>>;
}

/**
 * The family-wide step: Holm's adjustment of the one-sided drop p-values (and, apart, of the gain
 * p-values) over every metric of every benchmark, then each metric's tolerance, status and
 * detectable drop. The chance that any metric fails by luck in one call stays at most alpha.
 */
export function decideAll(tested: readonly TestedBenchmark[], policy: GatePolicy): BenchmarkComparison[] {
  const all = tested.flatMap((b) => b.tests);
  const dropP = holmAdjust(all.map((t) => t.pDrop));
  const gainP = holmAdjust(all.map((t) => t.pGain));
  let i = 0;
  return tested.map(({ tests, tolerances, ...rest }) => ({
    ...rest,
    metrics: tests.map(({ key, ...t }) => {
      const metric = `${rest.benchmark}.${key}`;
      const maxDrop = maxDropFor(metric, policy, t.unit, tolerances[key]);
      const adjustedP = dropP[i]!;
      const status = decide(t.difference, adjustedP, gainP[i++]!, maxDrop, policy.alpha);
      return { metric, ...t, adjustedP, maxDrop, detectableDrop: detectableDrop(t.nullSd, maxDrop, policy.alpha, all.length), status };
    }),
  }));
}

/** Tests one benchmark's metrics on paired items (for callers that hold items, not run folders: calibration, benchmarks). */
export function testBenchmark(
  definitions: readonly ItemMetric[],
  base: readonly ScoredItem[],
  cand: readonly ScoredItem[],
  settings: { resamples?: number; seed?: number; level?: number } = {},
): MetricTest[] {
  return testMetrics(
    definitions.filter((d) => d.gated),
    base,
    cand,
    { ...settings, level: settings.level ?? 0.95 },
  );
}

/** A partial result (`--limit`, missing answers) against a complete one: its numbers are of another sample set. */
function partialMismatch(name: string, baseline: LoadedRun, candidate: LoadedRun): string | null {
  const base = baseline.results.benchmarks[name]?.partial;
  const cand = candidate.results.benchmarks[name]?.partial;
  if ((base === undefined) === (cand === undefined)) return null;
  const [which, partial, other] = base !== undefined ? ["baseline", base, "candidate"] : ["candidate", cand!, "baseline"];
  const cut = partial.limit !== undefined ? `, --limit ${partial.limit}` : "";
  return (
    `${name}: the ${which}'s result is partial (${partial.n} of ${partial.of} samples${cut}) and the ${other}'s is complete; ` +
    `rerun the ${which} on the whole benchmark (without --limit; the same --out reuses its answers), then gate again`
  );
}
