/**
 * The one resampling scheme of `table --ci` and of the gate's paired bootstrap: units (an item,
 * an MME image with its questions, an MMVP pair) are numbered stratum by stratum, and a resample
 * draws, independently within each stratum, as many units as the stratum holds, with
 * replacement — so strata (POPE's splits, MME's tasks) keep their sizes. A resample is
 * expressed as weights, how many times each unit was drawn, so a metric is one pass over units.
 */

/** Units per stratum: stratum 0 holds units 0…strata[0]−1, stratum 1 the next strata[1], … */
export type Strata = readonly number[];

/** A metric of weighted units: `weights[u]` = how many times unit u is in the sample. */
export type WeightedStatistic = (weights: Uint32Array) => number;

export const unitCount = (strata: Strata): number => strata.reduce((sum, size) => sum + size, 0);

/** Weights of the sample as it is: every unit once. */
export const allOnes = (strata: Strata): Uint32Array => new Uint32Array(unitCount(strata)).fill(1);

/**
 * A seeded stream of resamples. Positions are ⌊u·size⌋ within a stratum, u the next output of
 * mulberry32(seed) (src/random.ts, inlined: a closure call per draw doubled the bootstrap's time).
 * With one stratum this is the draw of positions 0…n−1 the gate has always made.
 */
export function resampler(strata: Strata, seed: number): (weights: Uint32Array) => Uint32Array {
  for (const size of strata) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`resampler: stratum sizes must be non-negative integers, got ${size}`);
  }
  let state = seed >>> 0;
  return (weights) => {
    weights.fill(0);
    let offset = 0;
    for (let s = 0; s < strata.length; s++) {
      const size = strata[s]!;
      for (let i = 0; i < size; i++) {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        weights[offset + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * size)]!++;
      }
      offset += size;
    }
    return weights;
  };
}
