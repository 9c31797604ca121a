import { quantileSorted } from "simple-statistics";
import { mulberry32 } from "../random.js";

export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 1000). */
  resamples?: number;
  /** PRNG seed (mulberry32), so an interval is reproducible (default 0). */
  seed?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
}

export const BOOTSTRAP_DEFAULTS = { resamples: 1000, seed: 0, level: 0.95 } as const;

/**
 * Percentile bootstrap interval of `statistic` over units grouped in strata. Each resample
 * draws, independently within every stratum, as many units as it has, with replacement, so
 * the strata keep their sizes (e.g. POPE's three splits, MME's fourteen tasks); a unit can be
 * a cluster (an MME image with its two questions, an MMVP pair) so that what the metric treats
 * as one thing is resampled as one thing. Resamples whose statistic is not finite are dropped.
 */
export function bootstrapCi<U>(
  strata: readonly (readonly U[])[],
  statistic: (strata: readonly (readonly U[])[]) => number,
  options: BootstrapOptions = {},
): [number, number] {
  const { resamples, seed, level } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapCi: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrapCi: resamples must be a positive integer, got ${resamples}`);
  const random = mulberry32(seed);
  const values: number[] = [];
  const drawn = strata.map((s) => s.slice()); // packed arrays of the right size, overwritten per resample
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < strata.length; k++) {
      const stratum = strata[k]!;
      const target = drawn[k]!;
      const size = stratum.length;
      for (let i = 0; i < size; i++) target[i] = stratum[Math.floor(random() * size)]!;
    }
    const value = statistic(drawn);
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return [Number.NaN, Number.NaN];
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantileSorted(values, tail), quantileSorted(values, 1 - tail)];
}
