import { quantileSorted } from "simple-statistics";
import { allOnes, resampler, type Strata, unitCount, type WeightedStatistic } from "./resample.js";

/** A statistic of weighted units (see resample.ts), e.g. a mean or an F1. */
export type Statistic = WeightedStatistic;

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
 * Paired bootstrap: each resample draws units with replacement within their strata
 * (resample.ts; a plain number n means n units in one stratum) and evaluates both statistics
 * on the same weights, so the pairing of baseline and candidate answers is kept. Resamples
 * whose difference is not a finite number are skipped (and not counted in `resamples`).
 */
export function pairedBootstrap(
  strata: number | Strata,
  baseline: Statistic,
  candidate: Statistic,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  return pairedBootstrapMany(strata, [{ baseline, candidate }], options)[0]!;
}

/**
 * Several paired statistics of the same units on the same resamples (one draw serves them all,
 * which halves the cost of gating two POPE metrics). Each result is what pairedBootstrap would
 * give for that pair alone with the same seed.
 */
export function pairedBootstrapMany(
  strata: number | Strata,
  pairs: readonly { baseline: Statistic; candidate: Statistic }[],
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult[] {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  const sizes = typeof strata === "number" ? [strata] : strata;
  const n = sizes.every(Number.isInteger) ? unitCount(sizes) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pairedBootstrap: need at least one unit, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`pairedBootstrap: resamples must be ≥ 1, got ${resamples}`);
  const ones = allOnes(sizes);
  const observed = pairs.map((p) => p.candidate(ones) - p.baseline(ones));
  const diffs = pairs.map(() => [] as number[]);
  const below = new Array<number>(pairs.length).fill(0);
  const above = new Array<number>(pairs.length).fill(0);

  const draw = resampler(sizes, options.seed ?? 0);
  const weights = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    draw(weights);
    for (let p = 0; p < pairs.length; p++) {
      const d = pairs[p]!.candidate(weights) - pairs[p]!.baseline(weights);
      if (!Number.isFinite(d)) continue;
      diffs[p]!.push(d);
      if (d <= 0) below[p]!++;
      if (d >= 0) above[p]!++;
    }
  }
  const tail = (1 - level) / 2;
  return pairs.map((_, p) => {
    const ds = diffs[p]!;
    if (ds.length === 0) return { difference: observed[p]!, ci: [NaN, NaN], pValue: NaN, resamples: 0 };
    ds.sort((a, b) => a - b);
    const pValue = Math.min(1, (2 * (Math.min(below[p]!, above[p]!) + 1)) / (ds.length + 1));
    return { difference: observed[p]!, ci: [quantileSorted(ds, tail), quantileSorted(ds, 1 - tail)], pValue, resamples: ds.length };
  });
}

/** The weighted mean of `values` (one per unit): the statistic for accuracy and mean scores. */
export function meanOf(values: ArrayLike<number>): Statistic {
  return (weights) => {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      sum += weights[i]! * values[i]!;
      n += weights[i]!;
    }
    return sum / n;
  };
}
