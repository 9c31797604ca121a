import { pairItems } from "../../src/gate/align.js";
import { type GateReport, gate, type MetricComparison } from "../../src/gate/compare.js";
import { resolvePolicy } from "../../src/gate/config.js";
import { DEFAULT_ALPHA, type GatePolicy } from "../../src/gate/decide.js";
import { NotComparableError } from "../../src/gate/protocol.js";
import { type ItemLine, itemValue, type LoadedRun, type RunFolder } from "../../src/run-folder/index.js";
import { SIGN_FLIP_DEFAULTS } from "../../src/stats/sign-flip.js";
import type { Benchmark } from "../../src/types.js";

/**
 * The report's `#compare` data: for every ordered pair of runs, what `vlm-bench gate` says of the
 * candidate against the baseline on the benchmarks both ran. The numbers are the gate's own (one
 * gate() call per pair over the benchmarks it can compare), so the page and the command agree.
 */

/** One gated metric exactly as the gate reports it: counts (`lost`, `gained`, `discordant`), p-values, Holm, status. */
export type PairMetric = MetricComparison;

/** Items of one benchmark on which the two runs differ. */
export interface Flips {
  /**
   * Common items whose value differs (`correct` for 0/1 items, `score` for graded ones), in the
   * baseline's item order; left out with `flipIds: false` (the same for (i, j) and (j, i) up to order).
   */
  ids?: string[];
  /** How many of `ids` the baseline did better on (right where the candidate is wrong, or a higher score). */
  baselineBetter: number;
  /** How many of `ids` the candidate did better on. */
  candidateBetter: number;
}

export interface ComparedBenchmark {
  benchmark: string;
  comparable: true;
  /** Items in both runs, and in one only (the gate compares the common ones). */
  common: number;
  onlyBaseline: number;
  onlyCandidate: number;
  /** The gate's metrics of this benchmark; empty when it gates none (e.g. MM-Vet scored in neither run: see the pair's notes). */
  metrics: PairMetric[];
  flips: Flips;
}

export interface UncomparableBenchmark {
  benchmark: string;
  comparable: false;
  /** The gate's reasons, one line each (different sample sets, partial against complete, other prompts…). */
  reasons: string[];
}

export type PairBenchmark = ComparedBenchmark | UncomparableBenchmark;

export interface PairComparison {
  /** Indexes into the runs given to comparePairs. */
  baseline: number;
  candidate: number;
  /**
   * The `vlm-bench gate` call whose output these numbers are (its --bench lists the comparable
   * benchmarks). When none is comparable: the call over the shared benchmarks, which exits 2 with the reasons.
   */
  command: string;
  /** Whether the gate ran: false when no shared benchmark could be compared. */
  gated: boolean;
  /** The family-wise alpha and how many metrics Holm's adjustment spans in that call (`adjustedP` depends on it). */
  alpha: number;
  family: number;
  /** The gate's verdict: 1 when a metric regressed (the command's exit code), else 0. */
  exitCode: 0 | 1;
  /** The shared benchmarks, in the baseline's order. */
  benchmarks: PairBenchmark[];
  /** The gate's notes, and benchmarks only one of the two ran. */
  notes: string[];
}

export interface CompareOptions {
  /** The registry (datasets' item metrics and tolerances), as `vlm-bench gate` uses it. */
  findBenchmark: (name: string) => Benchmark | undefined;
  /** The gate's thresholds (default: `vlm-bench gate` without flags: each benchmark's own tolerance, alpha 0.05). */
  policy?: GatePolicy;
  /** The config file `policy` came from (its `gate` section), named in the command as `--config`. */
  configFile?: string;
  /** As `gate --resamples` and `--seed` (defaults 10 000 and 0). */
  resamples?: number;
  seed?: number;
  /** List the flipped items' ids (default true); false: only their counts, for pages that find them from their own samples. */
  flipIds?: boolean;
}

/**
 * Every ordered pair (baseline i, candidate j ≠ i). Runs should be read with their predictions
 * (readRunFolder(…, { predictions: true })), as the gate reads them, so that prompts are compared too.
 * A run without items.jsonl cannot be gated: its pairs list every benchmark as not comparable.
 */
export function comparePairs(runs: readonly RunFolder[], options: CompareOptions): PairComparison[] {
  const pairs: PairComparison[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = 0; j < runs.length; j++) if (i !== j) pairs.push(comparePair(runs, i, j, options));
  }
  return pairs;
}

export function comparePair(runs: readonly RunFolder[], i: number, j: number, options: CompareOptions): PairComparison {
  const baseline = runs[i]!;
  const candidate = runs[j]!;
  const policy = options.policy ?? resolvePolicy({});
  const shared = Object.keys(baseline.results.benchmarks).filter((b) => candidate.results.benchmarks[b] !== undefined);
  const uncomparable = new Map<string, string[]>();
  if (baseline.items === null || candidate.items === null) {
    const missing = baseline.items === null ? baseline : candidate;
    for (const b of shared) uncomparable.set(b, [`no items.jsonl next to ${missing.resultsFile}: the gate compares per-item results`]);
  }
  const gateOn = (benchmarks: readonly string[]): GateReport =>
    gate(baseline as LoadedRun, candidate as LoadedRun, {
      policy,
      resamples: options.resamples,
      seed: options.seed,
      benchmarks,
      findBenchmark: options.findBenchmark,
    });
  let report: GateReport | undefined;
  if (uncomparable.size === 0 && shared.length > 0) {
    try {
      report = gateOn(shared);
    } catch (error) {
      if (!(error instanceof NotComparableError)) throw error;
      // Which benchmarks the gate refuses, each with its own reasons; then the gate over the rest.
      for (const b of shared) {
        try {
          gateOn([b]);
        } catch (alone) {
          if (!(alone instanceof NotComparableError)) throw alone;
          uncomparable.set(b, [...alone.reasons]);
        }
      }
      const rest = shared.filter((b) => !uncomparable.has(b));
      if (rest.length > 0) report = gateOn(rest);
    }
  }
  const gatedNames = shared.filter((b) => !uncomparable.has(b));
  const byName = new Map((report?.benchmarks ?? []).map((b) => [b.benchmark, b]));
  const benchmarks = shared.map((name): PairBenchmark => {
    const reasons = uncomparable.get(name);
    if (reasons !== undefined) return { benchmark: name, comparable: false, reasons };
    const common = commonItems(baseline.items!.get(name) ?? [], candidate.items!.get(name) ?? []);
    const gated = byName.get(name);
    return {
      benchmark: name,
      comparable: true,
      common: gated?.common ?? common.base.length,
      onlyBaseline: gated?.onlyBaseline ?? common.onlyBaseline,
      onlyCandidate: gated?.onlyCandidate ?? common.onlyCandidate,
      metrics: gated?.metrics ?? [],
      flips: flipsOf(common.base, common.cand, options.flipIds ?? true),
    };
  });
  return {
    baseline: i,
    candidate: j,
    command: gateCommandLine(baseline.label, candidate.label, report === undefined ? shared : gatedNames, policy, options),
    gated: report !== undefined,
    alpha: policy.alpha,
    family: report?.family ?? 0,
    exitCode: report?.exitCode ?? 0,
    benchmarks,
    notes: [
      ...(report?.notes ?? []),
      ...oneSided(baseline.results.benchmarks, candidate.results.benchmarks, "baseline"),
      // The gate notes candidate-only benchmarks itself when it runs.
      ...(report === undefined ? oneSided(candidate.results.benchmarks, baseline.results.benchmarks, "candidate") : []),
      ...(Object.keys(policy.maxDropPerMetric).length > 0 && options.configFile === undefined
        ? ["per-metric max drops are in force: the command needs the config file that sets them (--config FILE)"]
        : []),
    ],
  };
}

function oneSided(these: Record<string, unknown>, others: Record<string, unknown>, which: string): string[] {
  return Object.keys(these)
    .filter((b) => others[b] === undefined)
    .map((b) => `${b}: only in the ${which}, not compared`);
}

/** The common items (src/gate/align.ts, as the gate pairs them) and how many each run has alone. */
function commonItems(
  base: readonly ItemLine[],
  cand: readonly ItemLine[],
): { base: ItemLine[]; cand: ItemLine[]; onlyBaseline: number; onlyCandidate: number } {
  const paired = pairItems(base, cand);
  return { ...paired, onlyBaseline: base.length - paired.base.length, onlyCandidate: cand.length - paired.base.length };
}

function flipsOf(base: readonly ItemLine[], cand: readonly ItemLine[], listIds: boolean): Flips {
  const ids: string[] = [];
  let baselineBetter = 0;
  let candidateBetter = 0;
  for (let k = 0; k < base.length; k++) {
    // An item unscored in a run (MM-Vet without a judge) counts as 0 there, as the gate's metrics count it.
    const b = itemValue(base[k]!) ?? 0;
    const c = itemValue(cand[k]!) ?? 0;
    if (b === c) continue;
    if (listIds) ids.push(base[k]!.id);
    if (b > c) baselineBetter++;
    else candidateBetter++;
  }
  return listIds ? { ids, baselineBetter, candidateBetter } : { baselineBetter, candidateBetter };
}

/** `vlm-bench gate …` as a shell command: the flags that reproduce the policy, resamples and seed used. */
function gateCommandLine(
  baseline: string,
  candidate: string,
  benchmarks: readonly string[],
  policy: GatePolicy,
  options: CompareOptions,
): string {
  const args = ["vlm-bench", "gate", "--baseline", baseline, "--candidate", candidate];
  if (benchmarks.length > 0) args.push("--bench", benchmarks.join(","));
  if (options.configFile !== undefined) args.push("--config", options.configFile);
  else {
    if (policy.maxDrop !== undefined) args.push("--max-drop", String(policy.maxDrop));
    if (policy.maxDropPoints !== undefined) args.push("--max-drop-points", String(policy.maxDropPoints));
    if (policy.alpha !== DEFAULT_ALPHA) args.push("--alpha", String(policy.alpha));
  }
  if (options.resamples !== undefined && options.resamples !== SIGN_FLIP_DEFAULTS.resamples)
    args.push("--resamples", String(options.resamples));
  if (options.seed !== undefined && options.seed !== SIGN_FLIP_DEFAULTS.seed) args.push("--seed", String(options.seed));
  return args.map(shellWord).join(" ");
}

/** A word the shell reads back unchanged: as is when plain, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
