/**
 * The paired randomization (sign-flip) test the gate runs on composite metrics. Under H0 (the
 * candidate is the baseline model again) the two answers to a unit are exchangeable, so swapping
 * them with probability ½ per unit gives the null distribution of any metric difference. Units
 * whose two answers are the same do not move under a swap; only discordant units matter. Two
 * runs are reduced to per-stratum sums of unit vectors (ItemMetricDesign.sums) and their
 * discordant units, grouped by stratum and by the change a swap makes: the test then costs per
 * group, not per item.
 */

/** Two runs of one metric in reduced form (see src/gate/reduce.ts). */
export interface PairedSums {
  /** Per-stratum sums (strata × dims) of the baseline's and the candidate's unit vectors. */
  baseline: Float64Array;
  candidate: Float64Array;
  /**
   * Discordant units with the same stratum and the same candidate − baseline vector: swapping k of
   * them adds k·delta to the baseline's sums (at `offset`) and takes it from the candidate's.
   */
  groups: readonly { offset: number; delta: Float64Array; count: number }[];
  /** The metric of sums. */
  value(sums: Float64Array): number;
}

export interface SignFlipOptions {
  /** Random swaps when the exact enumeration is too large (default 10 000). */
  resamples?: number;
  /** Seed of the mulberry32 stream (default 0). */
  seed?: number;
  /** Enumerate every swap when there are at most this many distinct outcomes (default 2^17). */
  exactLimit?: number;
}

export interface SignFlipResult {
  /** candidate − baseline as observed. */
  difference: number;
  /** One-sided p for a drop: P(d* ≤ d) under H0. */
  pDrop: number;
  /** One-sided p for a gain: P(d* ≥ d). */
  pGain: number;
  /** Two-sided p, doubled smaller tail (as exact McNemar): min(1, 2·min(pDrop, pGain)). */
  pTwoSided: number;
  /** Standard deviation of d* under H0 (the gate's detectable-drop formula uses it). */
  nullSd: number;
  /** True when every swap was enumerated (p exact); else `resamples` random swaps were drawn. */
  exact: boolean;
  resamples: number;
  discordant: number;
}

export const SIGN_FLIP_DEFAULTS = { resamples: 10_000, seed: 0, exactLimit: 1 << 17 } as const;

export function signFlipTest(paired: PairedSums, options: SignFlipOptions = {}): SignFlipResult {
  const resamples = options.resamples ?? SIGN_FLIP_DEFAULTS.resamples;
  const seed = options.seed ?? SIGN_FLIP_DEFAULTS.seed;
  const exactLimit = options.exactLimit ?? SIGN_FLIP_DEFAULTS.exactLimit;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`signFlipTest: resamples must be ≥ 1, got ${resamples}`);
  const { groups } = paired;
  const difference = paired.value(paired.candidate) - paired.value(paired.baseline);
  const discordant = groups.reduce((s, g) => s + g.count, 0);
  // Differences within rounding of the observed one count as equal to it (the same outcome summed in another order).
  const eps = 1e-9 * Math.max(1e-9, Math.abs(paired.value(paired.baseline)), Math.abs(paired.value(paired.candidate)));
  const b = new Float64Array(paired.baseline.length);
  const c = new Float64Array(paired.candidate.length);
  const differenceWith = (swapped: ArrayLike<number>): number => {
    b.set(paired.baseline);
    c.set(paired.candidate);
    for (let g = 0; g < groups.length; g++) {
      const k = swapped[g]!;
      if (k === 0) continue;
      const { offset, delta } = groups[g]!;
      for (let d = 0; d < delta.length; d++) {
        b[offset + d]! += k * delta[d]!;
        c[offset + d]! -= k * delta[d]!;
      }
    }
    return paired.value(c) - paired.value(b);
  };

  let outcomes = 1;
  for (const g of groups) outcomes *= g.count + 1;
  let low = 0,
    high = 0,
    total = 0,
    sum = 0,
    sumSq = 0;
  const add = (d: number, weight: number): void => {
    if (!Number.isFinite(d)) return;
    total += weight;
    sum += weight * d;
    sumSq += weight * d * d;
    if (d <= difference + eps) low += weight;
    if (d >= difference - eps) high += weight;
  };
  const exact = outcomes <= exactLimit;
  if (exact) {
    // Every k_g in 0…count_g, weighted by Π C(count_g, k_g) / 2^count_g.
    const pmf = groups.map((g) => binomialHalfPmf(g.count));
    const k = new Array<number>(groups.length).fill(0);
    for (let i = 0; i < outcomes; i++) {
      let weight = 1;
      for (let g = 0; g < groups.length; g++) weight *= pmf[g]![k[g]!]!;
      add(differenceWith(k), weight);
      for (let g = 0; g < groups.length && ++k[g]! > groups[g]!.count; g++) k[g] = 0;
    }
  } else {
    const draw = halfBinomialSampler(seed);
    const k = new Array<number>(groups.length).fill(0);
    for (let r = 0; r < resamples; r++) {
      for (let g = 0; g < groups.length; g++) k[g] = draw(groups[g]!.count);
      add(differenceWith(k), 1);
    }
  }
  if (total === 0) return { difference, pDrop: NaN, pGain: NaN, pTwoSided: NaN, nullSd: NaN, exact, resamples: 0, discordant };
  // Random swaps: the observed outcome counts as one of them (+1), so p is never 0 and the test keeps its level.
  const pDrop = exact ? Math.min(1, low / total) : (low + 1) / (total + 1);
  const pGain = exact ? Math.min(1, high / total) : (high + 1) / (total + 1);
  const mean = sum / total;
  return {
    difference,
    pDrop,
    pGain,
    pTwoSided: Math.min(1, 2 * Math.min(pDrop, pGain)),
    nullSd: Math.sqrt(Math.max(0, sumSq / total - mean * mean)),
    exact,
    resamples: exact ? outcomes : total,
    discordant,
  };
}

/** P(X = k), X ~ Binomial(n, ½), k = 0…n, in log space (no underflow for large n). */
export function binomialHalfPmf(n: number): Float64Array {
  const pmf = new Float64Array(n + 1);
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    pmf[k] = Math.exp(logC - n * Math.LN2);
  }
  return pmf;
}

/** Above this many units in a group, its swap count is drawn from the normal approximation. */
export const NORMAL_SWAPS_ABOVE = 1024;

/**
 * Binomial(n, ½) draws from a seeded mulberry32 stream (src/random.ts, inlined): up to
 * NORMAL_SWAPS_ABOVE units, the number of set bits among n random bits (32 bits per draw) —
 * exactly the number of n fair swaps that happen; above it, n/2 + z·√n/2 rounded (z standard
 * normal, Box–Muller), whose error at that size is far below the Monte Carlo error of the p-value.
 */
export function halfBinomialSampler(seed: number): (n: number) => number {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  let spare = Number.NaN;
  const gaussian = (): number => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const u = (next() + 1) / 4294967297;
    const v = next() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return (n) => {
    if (n > NORMAL_SWAPS_ABOVE) return Math.min(n, Math.max(0, Math.round(n / 2 + (gaussian() * Math.sqrt(n)) / 2)));
    let count = 0;
    let left = n;
    for (; left >= 32; left -= 32) count += popcount(next());
    if (left > 0) count += popcount(next() >>> (32 - left));
    return count;
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
