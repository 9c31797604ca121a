import { quantileSorted } from "simple-statistics";

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
 * (position = ⌊u·n⌋ with u the next output of mulberry32(seed)) and evaluates both statistics
 * on the same positions, so the pairing of baseline and candidate answers is kept. Resamples
 * whose difference is not a finite number are skipped (and not counted in `resamples`).
 */
export function pairedBootstrap(
  n: number,
  baseline: Statistic,
  candidate: Statistic,
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult {
  return pairedBootstrapMany(n, [{ baseline, candidate }], options)[0]!;
}

/**
 * Several paired statistics of the same items on the same resamples (one draw of positions
 * serves them all, which halves the cost of gating two POPE metrics). Each result is what
 * pairedBootstrap would give for that pair alone with the same seed.
 */
export function pairedBootstrapMany(
  n: number,
  pairs: readonly { baseline: Statistic; candidate: Statistic }[],
  options: PairedBootstrapOptions = {},
): PairedBootstrapResult[] {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pairedBootstrap: need at least one item, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`pairedBootstrap: resamples must be ≥ 1, got ${resamples}`);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const observed = pairs.map((p) => p.candidate(all) - p.baseline(all));
  const diffs = pairs.map(() => [] as number[]);
  const below = new Array<number>(pairs.length).fill(0);
  const above = new Array<number>(pairs.length).fill(0);

  const indices = new Uint32Array(n);
  let state = (options.seed ?? 0) >>> 0;
  for (let r = 0; r < resamples; r++) {
    // mulberry32 (src/random.ts) inlined: a closure call per draw doubled the gate's run time.
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      indices[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n; // Uint32Array truncates: ⌊u·n⌋
    }
    for (let p = 0; p < pairs.length; p++) {
      const d = pairs[p]!.candidate(indices) - pairs[p]!.baseline(indices);
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

/** The mean of `values` over the picked positions: the statistic for accuracy and mean scores. */
export function meanOf(values: ArrayLike<number>): Statistic {
  return (indices) => {
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i]!]!;
    return sum / indices.length;
  };
}
