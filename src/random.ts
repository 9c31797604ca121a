/**
 * Seeded randomness: the mini datasets and every bootstrap are reproducible from a seed.
 */

/** A pseudo-random source returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny and seedable, so a mini set is byte-identical for a given seed. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
