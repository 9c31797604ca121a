import { quantileSorted } from "simple-statistics";
import { resampler, type Strata, unitCount, type WeightedStatistic } from "./resample.js";

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
 * Percentile bootstrap interval of `statistic` over units grouped in strata (see resample.ts):
 * each resample keeps every stratum's size, and a unit can be a cluster (an MME image with its
 * two questions, an MMVP pair), so what the metric treats as one thing is resampled as one
 * thing. Resamples whose statistic is not finite are dropped.
 */
export function bootstrapCi(strata: Strata, statistic: WeightedStatistic, options: BootstrapOptions = {}): [number, number] {
  const { resamples, seed, level } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapCi: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bootstrapCi: resamples must be a positive integer, got ${resamples}`);
  const draw = resampler(strata, seed);
  const weights = new Uint32Array(unitCount(strata));
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const value = statistic(draw(weights));
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return [Number.NaN, Number.NaN];
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantileSorted(values, tail), quantileSorted(values, 1 - tail)];
}
