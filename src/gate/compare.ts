import type { ItemLine } from "../results.js";
import type { LoadedRun } from "../run-files.js";
import { mcnemar } from "../stats/mcnemar.js";
import { pairedBootstrapMany, type Statistic } from "../stats/paired-bootstrap.js";
import type { Benchmark, GateItem, GateMetric, MetricUnit } from "../types.js";
import { decide, gateExitCode, maxDropFor, type GatePolicy, type GateStatus } from "./decide.js";
import { gateMetricsFor } from "./metrics.js";
import { itemMismatches, NotComparableError, promptHashes, protocolVersion } from "./protocol.js";

export interface GateOptions {
  policy: GatePolicy;
  /** Paired-bootstrap resamples (default 10 000) and seed (default 0). */
  resamples?: number;
  seed?: number;
  /** Gate only these benchmarks (default: every benchmark of the baseline). */
  benchmarks?: readonly string[];
  /** The registry: benchmarks that recompute their own composite metrics. */
  findBenchmark?: (name: string) => Benchmark | undefined;
}

export interface MetricComparison {
  /** `benchmark.key`, e.g. `pope.f1`: the name used in reports and per-metric max drops. */
  metric: string;
  unit: MetricUnit;
  test: "exact McNemar" | "paired bootstrap";
  n: number;
  baseline: number;
  candidate: number;
  /** candidate − baseline. */
  difference: number;
  /** Interval for the difference at level 1 − alpha. */
  ci: [number, number];
  pValue: number;
  /** How the test was run: discordant pairs or resamples. */
  detail: string;
  maxDrop: number;
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
    if (!names.includes(name)) notes.push(`${name}: only in the candidate, not gated (no baseline yet)`);
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
    if (base.length === 0 && Object.keys(baseline.results.benchmarks[name]?.metrics ?? {}).length === 0) {
      // Not scored in the baseline (MM-Vet without a judge, VQAv2 test-dev): nothing to gate.
      notes.push(`${name}: not scored in the baseline, not gated`);
      continue;
    }
    const candById = new Map(cand.map((i) => [i.id, i]));
    const common = base.filter((i) => candById.has(i.id));
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
        { targets: new Map(common.map((i) => [i.id, i.target])), prompts: basePrompts?.get(name) },
        { targets: new Map(ids.map((id) => [id, candById.get(id)!.target])), prompts: candPrompts?.get(name) },
      ),
    );
    aligned.push({
      name,
      base: common,
      cand: ids.map((id) => candById.get(id)!),
      onlyBaseline: base.length - common.length,
      onlyCandidate: cand.length - common.length,
    });
  }
  if (reasons.length > 0) throw new NotComparableError(reasons, baseline.label, candidate.label);

  const benchmarks = aligned.map(({ name, base, cand, onlyBaseline, onlyCandidate }) => {
    if (onlyBaseline + onlyCandidate > 0) {
      notes.push(`${name}: compared on the ${base.length} common items (${onlyBaseline} only in the baseline, ${onlyCandidate} only in the candidate)`);
    }
    const definitions = gateMetricsFor(options.findBenchmark?.(name), [...base, ...cand]);
    if (definitions.length === 0) notes.push(`${name}: items carry no correct/score (not scored?), nothing to gate`);
    const metrics = compareMetrics(name, definitions, base, cand, options, level);
    return { benchmark: name, common: base.length, onlyBaseline, onlyCandidate, metrics };
  });
  return {
    baseline: baseline.label,
    candidate: candidate.label,
    policy,
    level,
    benchmarks,
    notes,
    exitCode: gateExitCode(benchmarks.flatMap((b) => b.metrics.map((m) => m.status))),
  };
}

/** Every metric of one benchmark; the bootstrap metrics share one set of resamples. */
function compareMetrics(
  benchmark: string,
  definitions: readonly GateMetric[],
  base: readonly GateItem[],
  cand: readonly GateItem[],
  options: GateOptions,
  level: number,
): MetricComparison[] {
  const finish = (definition: GateMetric, m: Omit<MetricComparison, "metric" | "unit" | "maxDrop" | "status">): MetricComparison => {
    const metric = `${benchmark}.${definition.key}`;
    return { metric, unit: definition.unit, ...m, maxDrop: maxDropFor(metric, options.policy), status: decide(metric, m.difference, m.pValue, options.policy) };
  };
  const results = new Map<GateMetric, MetricComparison>();
  const boot: { definition: GateMetric; baseline: Statistic; candidate: Statistic }[] = [];
  for (const definition of definitions) {
    if (definition.test === "bootstrap") {
      boot.push({ definition, baseline: definition.statistic(base), candidate: definition.statistic(cand) });
      continue;
    }
    const keep = base.map((item) => definition.where?.(item) ?? true);
    const b = base.filter((_, i) => keep[i]).map((i) => i.correct ?? 0);
    const c = cand.filter((_, i) => keep[i]).map((i) => i.correct ?? 0);
    if (b.length === 0) continue;
    const r = mcnemar(b, c, level);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    results.set(
      definition,
      finish(definition, {
        test: "exact McNemar",
        n: r.n,
        baseline: mean(b),
        candidate: mean(c),
        difference: r.difference,
        ci: r.ci,
        pValue: r.pValue,
        detail: `${r.lost} lost, ${r.gained} gained`,
      }),
    );
  }
  if (boot.length > 0) {
    const all = Uint32Array.from({ length: base.length }, (_, i) => i);
    const outcomes = pairedBootstrapMany(base.length, boot, { resamples: options.resamples, seed: options.seed, level });
    boot.forEach(({ definition, baseline, candidate }, i) => {
      const r = outcomes[i]!;
      results.set(
        definition,
        finish(definition, {
          test: "paired bootstrap",
          n: base.length,
          baseline: baseline(all),
          candidate: candidate(all),
          difference: r.difference,
          ci: r.ci,
          pValue: r.pValue,
          detail: `${r.resamples} resamples, seed ${options.seed ?? 0}`,
        }),
      );
    });
  }
  return definitions.map((d) => results.get(d)).filter((m): m is MetricComparison => m !== undefined);
}
