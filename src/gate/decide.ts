/** What the gate concludes about one metric. */
export type GateStatus = "pass" | "regression" | "insignificant drop" | "improvement";

/** The gate's thresholds; per-metric keys are `benchmark.metric`, e.g. `pope.f1`. */
export interface GatePolicy {
  /** Largest tolerated drop, absolute, in the metric's unit (fraction or points). */
  maxDrop: number;
  /** Significance level of the paired test. */
  alpha: number;
  maxDropPerMetric: Readonly<Record<string, number>>;
}

/** Default tolerance: one percentage point of a fraction metric (see README, "Regression gate"). */
export const DEFAULT_MAX_DROP = 0.01;
export const DEFAULT_ALPHA = 0.05;

export function maxDropFor(metric: string, policy: GatePolicy): number {
  return policy.maxDropPerMetric[metric] ?? policy.maxDrop;
}

/**
 * regression: the drop exceeds the metric's max drop AND p < alpha (the only failing status);
 * insignificant drop: the drop exceeds max drop but p ≥ alpha (not enough items to tell);
 * improvement: a significant gain (p < alpha); pass: everything else — small changes,
 * significant drops within the tolerance, gains that are not significant.
 */
export function decide(metric: string, difference: number, pValue: number, policy: GatePolicy): GateStatus {
  const significant = pValue < policy.alpha;
  // The epsilon keeps a drop of exactly max-drop (0.5 → 0.49 is −0.01000000000000001) within it.
  if (-difference > maxDropFor(metric, policy) + 1e-12) return significant ? "regression" : "insignificant drop";
  if (difference > 0 && significant) return "improvement";
  return "pass";
}

/** 1 when any metric regressed, else 0 (SPEC §2). */
export function gateExitCode(statuses: readonly GateStatus[]): 0 | 1 {
  return statuses.includes("regression") ? 1 : 0;
}
