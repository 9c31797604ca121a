/** What the gate concludes about one metric. */
export type GateStatus = "pass" | "regression" | "insignificant drop" | "improvement";

/** The gate's thresholds; per-metric keys are `benchmark.metric`, e.g. `pope.f1`. */
export interface GatePolicy {
  /** Largest tolerated drop of a fraction metric (accuracy, F1, …), absolute. */
  maxDrop: number;
  /** Largest tolerated drop of a metric in points (MME's perception and cognition), absolute. */
  maxDropPoints: number;
  /** Significance level of the paired test. */
  alpha: number;
  maxDropPerMetric: Readonly<Record<string, number>>;
}

/** Default tolerance: one percentage point of a fraction metric (see README, "Regression gate"). */
export const DEFAULT_MAX_DROP = 0.01;
/**
 * Default tolerance for metrics in points: 10 MME points, i.e. 0.5% of perception's 2000 and
 * 1.25% of cognition's 800 — about what one flipped image pair moves a task score.
 */
export const DEFAULT_MAX_DROP_POINTS = 10;
export const DEFAULT_ALPHA = 0.05;

/** A per-metric value first, then the tolerance of the metric's unit. */
export function maxDropFor(metric: string, policy: GatePolicy, unit: "fraction" | "points" = "fraction"): number {
  return policy.maxDropPerMetric[metric] ?? (unit === "points" ? policy.maxDropPoints : policy.maxDrop);
}

/**
 * regression: the drop exceeds the metric's max drop AND p < alpha (the only failing status);
 * insignificant drop: the drop exceeds max drop but p ≥ alpha (not enough items to tell);
 * improvement: a significant gain (p < alpha); pass: everything else — small changes,
 * significant drops within the tolerance, gains that are not significant.
 */
export function decide(
  metric: string,
  difference: number,
  pValue: number,
  policy: GatePolicy,
  unit: "fraction" | "points" = "fraction",
): GateStatus {
  const significant = pValue < policy.alpha;
  // The epsilon keeps a drop of exactly max-drop (0.5 → 0.49 is −0.01000000000000001) within it.
  if (-difference > maxDropFor(metric, policy, unit) + 1e-12) return significant ? "regression" : "insignificant drop";
  if (difference > 0 && significant) return "improvement";
  return "pass";
}

/** 1 when any metric regressed, else 0 (SPEC §2). */
export function gateExitCode(statuses: readonly GateStatus[]): 0 | 1 {
  return statuses.includes("regression") ? 1 : 0;
}
