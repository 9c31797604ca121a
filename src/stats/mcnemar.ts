import { normalQuantile } from "./normal.js";

/** Paired 0/1 outcomes reduced to their discordant pairs. */
export interface McNemarResult {
  /** Items right in the baseline and wrong in the candidate. */
  lost: number;
  /** Items wrong in the baseline and right in the candidate. */
  gained: number;
  n: number;
  /** Candidate accuracy minus baseline accuracy: (gained − lost) / n. */
  difference: number;
  /** Exact two-sided McNemar p-value. */
  pValue: number;
  /** Wald interval for the difference of paired proportions at the given level. */
  ci: [number, number];
}

/**
 * Exact McNemar test: under H0 the discordant pairs split as Binomial(b + c, 1/2), and the
 * two-sided p-value is min(1, 2·P(X ≤ min(b, c))) (the doubled-tail definition, as in R's
 * mcnemar.exact and statsmodels' mcnemar(exact=True)). Computed in log space, so
 * tens of thousands of discordant pairs do not underflow.
 */
export function exactMcNemarP(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`exactMcNemarP: counts must be non-negative integers, got ${b} and ${c}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // log P(X = i) = log C(n, i) − n·log 2, with log C built up term by term.
  const logHalfN = -n * Math.LN2;
  let logC = 0;
  const terms: number[] = [logHalfN];
  for (let i = 1; i <= k; i++) {
    logC += Math.log(n - i + 1) - Math.log(i);
    terms.push(logC + logHalfN);
  }
  // k ≤ n/2, where the binomial terms still rise: the last term is the largest. (Math.max(...terms)
  // overflowed the call stack past ~120k discordant pairs.)
  const max = terms[k]!;
  const tail = Math.exp(max) * terms.reduce((sum, t) => sum + Math.exp(t - max), 0);
  return Math.min(1, 2 * tail);
}

/**
 * McNemar comparison of paired 0/1 results (same items, same order). The CI is the Wald
 * interval for a difference of paired proportions, se = √((b + c) − (c − b)²/n) / n.
 */
export function mcnemar(baseline: ArrayLike<number>, candidate: ArrayLike<number>, level = 0.95): McNemarResult {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`mcnemar: ${baseline.length} baseline but ${candidate.length} candidate items`);
  }
  let lost = 0;
  let gained = 0;
  for (let i = 0; i < baseline.length; i++) {
    const b = baseline[i]!;
    const c = candidate[i]!;
    if (b === 1 && c === 0) lost++;
    else if (b === 0 && c === 1) gained++;
  }
  const n = baseline.length;
  const difference = n === 0 ? 0 : (gained - lost) / n;
  const se = n === 0 ? 0 : Math.sqrt(Math.max(0, lost + gained - (gained - lost) ** 2 / n)) / n;
  const z = normalQuantile(1 - (1 - level) / 2);
  return { lost, gained, n, difference, pValue: exactMcNemarP(lost, gained), ci: [difference - z * se, difference + z * se] };
}

/**
 * One-sided exact McNemar p-value for a drop: P(X ≤ gained), X ~ Binomial(lost + gained, ½) —
 * the chance, were the two runs the same model, of gaining this few of the discordant items.
 * The gain side is exactMcNemarDropP(gained, lost). In log space, like exactMcNemarP.
 */
export function exactMcNemarDropP(lost: number, gained: number): number {
  if (!Number.isInteger(lost) || !Number.isInteger(gained) || lost < 0 || gained < 0) {
    throw new RangeError(`exactMcNemarDropP: counts must be non-negative integers, got ${lost} and ${gained}`);
  }
  const n = lost + gained;
  if (n === 0) return 1;
  const logs: number[] = [];
  let logC = 0;
  for (let i = 0; i <= gained; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    logs.push(logC - n * Math.LN2);
  }
  let max = -Infinity;
  for (const l of logs) if (l > max) max = l;
  return Math.min(1, Math.exp(max) * logs.reduce((sum, l) => sum + Math.exp(l - max), 0));
}
