import { normalQuantile } from "../stats/normal.js";
import type { PairedSums } from "../stats/sign-flip.js";
import type { ItemMetricDesign } from "../types.js";

/**
 * Two runs of one metric over the same units, reduced to what the gate's statistics need: the
 * per-stratum sums of each run's unit vectors, the discordant units grouped by (stratum, change),
 * and every (stratum, baseline vector, candidate vector) pattern with its count — a few dozen
 * numbers for POPE or VQAv2 instead of one per item.
 */
export interface ReducedPair extends PairedSums {
  dims: number;
  /** Each distinct (stratum, baseline vector, candidate vector) with how many units have it. */
  patterns: readonly { stratum: number; baseline: Float64Array; candidate: Float64Array; count: number }[];
}

export function reducePair(base: ItemMetricDesign, cand: ItemMetricDesign): ReducedPair {
  const { dims } = base.sums;
  const strata = base.strata;
  const bv = base.sums.vectors;
  const cv = cand.sums.vectors;
  const byKey = new Map<number | string, { stratum: number; baseline: Float64Array; candidate: Float64Array; count: number }>();
  const keyOf = patternKeys(bv, cv, dims, strata.length);
  let u = 0;
  for (let s = 0; s < strata.length; s++) {
    for (const end = u + strata[s]!; u < end; u++) {
      const key = keyOf(s, u);
      const found = byKey.get(key);
      if (found !== undefined) found.count++;
      else {
        byKey.set(key, {
          stratum: s,
          baseline: bv.slice(u * dims, (u + 1) * dims),
          candidate: cv.slice(u * dims, (u + 1) * dims),
          count: 1,
        });
      }
    }
  }
  const patterns = [...byKey.values()];
  const baseline = new Float64Array(strata.length * dims);
  const candidate = new Float64Array(strata.length * dims);
  const groups = new Map<string, { offset: number; delta: Float64Array; count: number }>();
  for (const p of patterns) {
    const offset = p.stratum * dims;
    let same = true;
    for (let d = 0; d < dims; d++) {
      baseline[offset + d]! += p.count * p.baseline[d]!;
      candidate[offset + d]! += p.count * p.candidate[d]!;
      if (p.baseline[d] !== p.candidate[d]) same = false;
    }
    if (same) continue;
    const delta = p.candidate.map((c, d) => c - p.baseline[d]!);
    const key = `${p.stratum}|${delta.join("|")}`;
    const group = groups.get(key);
    if (group !== undefined) group.count += p.count;
    else groups.set(key, { offset, delta, count: p.count });
  }
  return { dims, patterns, baseline, candidate, groups: [...groups.values()], value: base.sums.fromSums };
}

/**
 * A key per (stratum, baseline vector, candidate vector): a number when the distinct values are
 * few enough to number every pattern below 2⁵³ (counts, 0/1 cells, VQA's five grades — a Map of
 * numbers is much faster than one of strings over 214k units), else a string.
 */
function patternKeys(bv: Float64Array, cv: Float64Array, dims: number, strata: number): (s: number, u: number) => number | string {
  const ids = new Map<number, number>();
  for (const vectors of [bv, cv]) for (const x of vectors) if (!ids.has(x)) ids.set(x, ids.size);
  const radix = Math.max(1, ids.size);
  if (Math.log2(strata) + 2 * dims * Math.log2(radix) < 52) {
    return (s, u) => {
      let key = s;
      for (let d = 0; d < dims; d++) key = key * radix + ids.get(bv[u * dims + d]!)!;
      for (let d = 0; d < dims; d++) key = key * radix + ids.get(cv[u * dims + d]!)!;
      return key;
    };
  }
  return (s, u) => `${s}|${bv.subarray(u * dims, (u + 1) * dims).join("|")}|${cv.subarray(u * dims, (u + 1) * dims).join("|")}`;
}

/**
 * A normal (delta-method) interval for candidate − baseline under the stratified resampling
 * `table --ci` uses: each unit's influence ψ = ∇f(C)·c − ∇f(B)·b (numerical gradients of the
 * metric at each run's sums), Var = Σ over strata of Σψ² − (Σψ)²/n_s. Used for the gate's interval
 * of composite metrics: on POPE- and MME-sized runs its ends lie within a few percent of the paired
 * bootstrap's (test/src/gate/reduce.test.ts), at a fraction of its cost.
 */
export function deltaMethodInterval(pair: ReducedPair, level: number): [number, number] {
  const gb = gradient(pair.value, pair.baseline);
  const gc = gradient(pair.value, pair.candidate);
  const strata = pair.baseline.length / pair.dims;
  const s1 = new Float64Array(strata);
  const s2 = new Float64Array(strata);
  const n = new Float64Array(strata);
  for (const p of pair.patterns) {
    const o = p.stratum * pair.dims;
    let psi = 0;
    for (let d = 0; d < pair.dims; d++) psi += gc[o + d]! * p.candidate[d]! - gb[o + d]! * p.baseline[d]!;
    s1[p.stratum]! += p.count * psi;
    s2[p.stratum]! += p.count * psi * psi;
    n[p.stratum]! += p.count;
  }
  let variance = 0;
  for (let s = 0; s < strata; s++) if (n[s]! > 0) variance += Math.max(0, s2[s]! - (s1[s]! * s1[s]!) / n[s]!);
  const difference = pair.value(pair.candidate) - pair.value(pair.baseline);
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
  return [difference - half, difference + half];
}

/** Central differences, step relative to each sum (sums are counts or score totals). */
function gradient(f: (sums: Float64Array) => number, at: Float64Array): Float64Array {
  const g = new Float64Array(at.length);
  const x = Float64Array.from(at);
  for (let i = 0; i < at.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(at[i]!));
    x[i] = at[i]! + h;
    const up = f(x);
    x[i] = at[i]! - h;
    const down = f(x);
    x[i] = at[i]!;
    g[i] = Number.isFinite(up) && Number.isFinite(down) ? (up - down) / (2 * h) : 0;
  }
  return g;
}
