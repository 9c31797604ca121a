import { normalQuantile } from "../stats/normal.js";

/** What the gate concludes about one metric. */
export type GateStatus = "pass" | "regression" | "insignificant drop" | "improvement";

/** The gate's thresholds; per-metric keys are `benchmark.metric`, e.g. `pope.f1`. */
export interface GatePolicy {
  /**
   * Tolerated drop of every fraction metric (accuracy, F1, …), absolute, overriding each
   * benchmark's declared tolerance (--max-drop, config max_drop); undefined: the benchmark's own.
   */
  maxDrop?: number;
  /** The same for metrics in points (MME's perception and cognition): --max-drop-points, config max_drop_points. */
  maxDropPoints?: number;
  /** Family-wise significance level: the chance of any false failure in one gate call (Holm). */
  alpha: number;
  maxDropPerMetric: Readonly<Record<string, number>>;
}

/** Tolerance of a fraction metric whose benchmark declares none (a benchmark unknown to the registry). */
export const DEFAULT_MAX_DROP = 0.01;
/** Tolerance of a points metric whose benchmark declares none. */
export const DEFAULT_MAX_DROP_POINTS = 10;
export const DEFAULT_ALPHA = 0.05;
/** Power at which the gate reports each metric's smallest detectable drop. */
export const DETECTABLE_POWER = 0.8;

/**
 * A metric's tolerated drop: the config's per-metric value, else the unit's override
 * (--max-drop / --max-drop-points, config max_drop / max_drop_points), else what the metric's
 * benchmark declares (Benchmark.gateTolerances), else the unit's fallback default.
 */
export function maxDropFor(metric: string, policy: GatePolicy, unit: "fraction" | "points" = "fraction", declared?: number): number {
  const override = unit === "points" ? policy.maxDropPoints : policy.maxDrop;
  return policy.maxDropPerMetric[metric] ?? override ?? declared ?? (unit === "points" ? DEFAULT_MAX_DROP_POINTS : DEFAULT_MAX_DROP);
}

/**
 * regression: the drop exceeds the metric's max drop AND its one-sided p for a drop, Holm-adjusted
 * over every gated metric of the call, is below alpha (the only failing status);
 * insignificant drop: the drop exceeds max drop but is not significant (not enough items to tell);
 * improvement: a gain significant by the same rule on the other side; pass: everything else.
 */
export function decide(difference: number, adjustedDropP: number, adjustedGainP: number, maxDrop: number, alpha: number): GateStatus {
  // The epsilon keeps a drop of exactly max-drop (0.5 → 0.49 is −0.01000000000000001) within it.
  if (-difference > maxDrop + 1e-12) return adjustedDropP < alpha ? "regression" : "insignificant drop";
  if (difference > 0 && adjustedGainP < alpha) return "improvement";
  return "pass";
}

/**
 * The smallest true drop the gate catches with probability `power`, by formula (normal
 * approximation): a drop fails the gate when it exceeds the tolerance and is significant at
 * alpha / tests (Holm's first step, where a lone regression is judged), i.e. when the observed
 * drop exceeds t = max(maxDrop, z₁₋α/m · sd); it does so with probability `power` when the true
 * drop is t + z_power · sd. `sd` is the spread of the test's own null distribution over the
 * observed discordant units.
 */
export function detectableDrop(nullSd: number, maxDrop: number, alpha: number, tests: number, power = DETECTABLE_POWER): number {
  if (!Number.isFinite(nullSd)) return Number.NaN;
  const threshold = Math.max(maxDrop, normalQuantile(1 - alpha / Math.max(1, tests)) * nullSd);
  return threshold + normalQuantile(power) * nullSd;
}

/** 1 when any metric regressed, else 0 (SPEC §2). */
export function gateExitCode(statuses: readonly GateStatus[]): 0 | 1 {
  return statuses.includes("regression") ? 1 : 0;
}
