import type { ItemLine } from "../results.js";
import type { LoadedRun } from "../run-files.js";
import { mcnemar } from "../stats/mcnemar.js";
import { itemMetricsFor } from "../item-metrics/generic.js";
import { metricAt } from "../item-metrics/group.js";
import { allOnes } from "../stats/resample.js";
import { pairedBootstrapMany } from "../stats/paired-bootstrap.js";
import type { Benchmark, ItemMetric, ItemMetricDesign, MetricUnit, ScoredItem } from "../types.js";
import { decide, gateExitCode, maxDropFor, type GatePolicy, type GateStatus } from "./decide.js";
import { itemMismatches, NotComparableError, promptHashes, protocolVersion } from "./protocol.js";

export interface GateOptions {
  policy: GatePolicy;
  /** Paired-bootstrap resamples (default 10 000) and seed (default 0). */
  resamples?: number;
  seed?: number;
  /** Gate only these benchmarks (default: every benchmark of the baseline). */
  benchmarks?: readonly string[];
  /** The registry: each benchmark's item metrics (SPEC §3 metrics recomputed from items). */
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
    // A benchmark that --bench left out is not news; one the baseline lacks is.
    if (!names.includes(name) && baseline.results.benchmarks[name] === undefined) notes.push(`${name}: only in the candidate, not gated (no baseline yet)`);
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
    if (cand.length === 0 && Object.keys(candidate.results.benchmarks[name]?.metrics ?? {}).length === 0) {
      // Scored in the baseline, not in the candidate: MM-Vet (and unclear MMVP answers) need a judge.
      reasons.push(
        `${name}: the candidate has no ${name} scores (the baseline has ${base.length} scored items): it was run without a judge ` +
          `or its answers were never scored; score them with \`vlm-bench score --predictions <candidate>/predictions.jsonl --bench ${name} --judge KIND:NAME\` ` +
          `(the same judge as the baseline), then gate again`,
      );
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
    const benchmark = options.findBenchmark?.(name);
    let definitions = itemMetricsFor(benchmark, [...base, ...cand]);
    if (benchmark?.itemMetrics !== undefined) {
      // Only what the baseline reports: MMVP without complete pairs has no pair accuracy.
      const reported = baseline.results.benchmarks[name]?.metrics;
      definitions = definitions.filter((d) => d.gated && metricAt(reported, d.key) !== undefined);
      if (definitions.length === 0) notes.push(`${name}: the baseline reports none of its gated metrics (not scored?), nothing to gate`);
    } else if (definitions.length === 0) notes.push(`${name}: items carry no correct/score (not scored?), nothing to gate`);
    const metrics = compareMetrics(name, definitions, base, cand, options, level, [baseline.label, candidate.label]);
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

/**
 * Every metric of one benchmark: plain 0/1 accuracies by exact McNemar, the rest by a paired
 * bootstrap over the metric's own units and strata; metrics with the same design share one
 * set of resamples.
 */
function compareMetrics(
  benchmark: string,
  definitions: readonly ItemMetric[],
  base: readonly ScoredItem[],
  cand: readonly ScoredItem[],
  options: GateOptions,
  level: number,
  labels: readonly [string, string],
): MetricComparison[] {
  const finish = (definition: ItemMetric, m: Omit<MetricComparison, "metric" | "unit" | "maxDrop" | "status">): MetricComparison => {
    const metric = `${benchmark}.${definition.key}`;
    return { metric, unit: definition.unit, ...m, maxDrop: maxDropFor(metric, options.policy, definition.unit), status: decide(metric, m.difference, m.pValue, options.policy, definition.unit) };
  };
  const results = new Map<ItemMetric, MetricComparison>();
  const groups: { strata: readonly number[]; unitOf: Int32Array; members: { definition: ItemMetric; base: ItemMetricDesign; cand: ItemMetricDesign }[] }[] = [];
  for (const definition of definitions) {
    if (definition.test === "bootstrap") {
      const b = definition.prepare(base);
      const c = definition.prepare(cand);
      if (!sameDesign(b, c)) {
        throw new NotComparableError([`${benchmark}.${definition.key}: the two runs group the common items differently (their items' meta differ)`], ...labels);
      }
      if (b.strata.every((size) => size === 0)) continue;
      const group = groups.find((g) => sameDesign(g, b));
      if (group === undefined) groups.push({ strata: b.strata, unitOf: b.unitOf, members: [{ definition, base: b, cand: c }] });
      else group.members.push({ definition, base: b, cand: c });
      continue;
    }
    const b = base.map((i) => i.correct ?? 0);
    const c = cand.map((i) => i.correct ?? 0);
    const r = mcnemar(b, c, level);
    results.set(
      definition,
      finish(definition, {
        test: "exact McNemar",
        n: r.n,
        baseline: valueOfAll(definition.prepare(base)),
        candidate: valueOfAll(definition.prepare(cand)),
        difference: r.difference,
        ci: r.ci,
        pValue: r.pValue,
        detail: `${r.lost} lost, ${r.gained} gained`,
      }),
    );
  }
  for (const { strata, members } of groups) {
    const pairs = members.map((m) => ({ baseline: m.base.value, candidate: m.cand.value }));
    const outcomes = pairedBootstrapMany(strata, pairs, { resamples: options.resamples, seed: options.seed, level });
    members.forEach(({ definition, base: b, cand: c }, i) => {
      const r = outcomes[i]!;
      results.set(
        definition,
        finish(definition, {
          test: "paired bootstrap",
          n: base.length,
          baseline: valueOfAll(b),
          candidate: valueOfAll(c),
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

const valueOfAll = (design: ItemMetricDesign): number => design.value(allOnes(design.strata));

function sameDesign(a: { strata: readonly number[]; unitOf: Int32Array }, b: { strata: readonly number[]; unitOf: Int32Array }): boolean {
  if (a.strata.length !== b.strata.length || a.unitOf.length !== b.unitOf.length) return false;
  for (let i = 0; i < a.strata.length; i++) if (a.strata[i] !== b.strata[i]) return false;
  for (let i = 0; i < a.unitOf.length; i++) if (a.unitOf[i] !== b.unitOf[i]) return false;
  return true;
}
