import { quantileSorted } from "simple-statistics";
import { mulberry32 } from "../random.js";

/** A statistic of the items picked by `indices` (with repeats), e.g. a mean or an F1. */
export type Statistic = (indices: Uint32Array) => number;

export interface PairedBootstrapOptions {
  /** Number of resamples (default 10 000). */
  resamples?: number;
  /** Seed of the mulberry32 stream that draws the resamples (default 0). */
  seed?: number;
  /** Confidence level of the percentile interval (default 0.95). */
  level?: number;
}

export interface PairedBootstrapResult {
  /** candidate − baseline on the items as they are. */
  difference: number;
  /** Percentile interval of the resampled differences. */
  ci: [number, number];
  /**
   * Two-sided bootstrap p-value: twice the smaller share of resampled differences on either
   * side of zero, with the +1 correction so it is never 0:
   * min(1, 2·min(#{d* ≤ 0} + 1, #{d* ≥ 0} + 1) / (B + 1)).
   */
  pValue: number;
  resamples: number;
}

/**
 * Paired bootstrap over items: each resample draws n item positions with replacement
 * (position = ⌊rng()·n⌋, rng = mulberry32(seed)) and evaluates both statistics on the same
 * positions, so the pairing of baseline and candidate answers is kept. Resamples whose
 * difference is not a finite number are skipped (and not counted in `resamples`).
 */
export function pairedBootstrap(
  n: number,
  baseline: Statistic,
  candidate: Statistic,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pairedBootstrap: need at least one item, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`pairedBootstrap: resamples must be ≥ 1, got ${resamples}`);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const difference = candidate(all) - baseline(all);

  const rng = mulberry32(options.seed ?? 0);
  const indices = new Uint32Array(n);
  const diffs: number[] = [];
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(rng() * n);
    const d = candidate(indices) - baseline(indices);
    if (!Number.isFinite(d)) continue;
    diffs.push(d);
    if (d <= 0) atOrBelow++;
    if (d >= 0) atOrAbove++;
  }
  const used = diffs.length;
  if (used === 0) return { difference, ci: [NaN, NaN], pValue: NaN, resamples: 0 };
  diffs.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  const pValue = Math.min(1, (2 * (Math.min(atOrBelow, atOrAbove) + 1)) / (used + 1));
  return { difference, ci: [quantileSorted(diffs, tail), quantileSorted(diffs, 1 - tail)], pValue, resamples: used };
}

/** The mean of `values` over the picked positions: the statistic for accuracy and mean scores. */
export function meanOf(values: ArrayLike<number>): Statistic {
  return (indices) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i]!]!;
    return sum / indices.length;
  };
}
