import { groupItems } from "../../src/item-metrics/group.js";
import type { ItemMetric, ItemMetricDesign, ScoredItem } from "../../src/types.js";
import { POPE_SPLITS } from "./loader.js";
import { type Confusion, type PopeSplitMetrics, splitMetrics } from "./score.js";

const TP = 0,
  FP = 1,
  TN = 2,
  FN = 3,
  OTHER = 4;

/** The confusion cell scorePope puts an item in (items carry `parsed`, `target` and `meta.split`). */
function cell(item: ScoredItem): number {
  const positive = item.target === "yes";
  if (item.parsed === "yes") return positive ? TP : FP;
  if (item.parsed === "no") return positive ? FN : TN;
  return positive ? FN : OTHER; // no answer: a missed positive, or an `other` (see scorePope)
}

/** scorePope's split order: the official splits first, then others as they appeared. */
const splitOrder = (names: readonly string[]): string[] => [
  ...POPE_SPLITS.filter((s) => names.includes(s)),
  ...names.filter((s) => !(POPE_SPLITS as readonly string[]).includes(s)),
];

/**
 * The mean over splits of a per-split metric, computed as scorePope computes it (its own
 * splitMetrics on weighted confusion counts). Splits are strata, items the units: a resample
 * keeps each split's size, so every split stays present.
 */
function splitMean(key: SplitKey): ItemMetric {
  return {
    key,
    unit: "fraction",
    test: "bootstrap", // a mean of per-split ratios, and F1 is not a share of items
    gated: true,
    prepare(items): ItemMetricDesign {
      const grouped = groupItems(items, (item) => ({ stratum: String(item.meta?.split) }), splitOrder);
      // One code per unit, split × 5 + confusion cell, so a resample is one counting pass.
      const code = Uint16Array.from(grouped.unitItems, ([i], u) => grouped.unitStratum[u]! * 5 + cell(items[i!]!));
      const splits = grouped.strata.length;
      const counts = new Uint32Array(splits * 5);
      return {
        strata: grouped.strata,
        unitOf: grouped.unitOf,
        value(weights) {
          counts.fill(0);
          for (let u = 0; u < code.length; u++) counts[code[u]!]! += weights[u]!;
          let sum = 0;
          for (let s = 0; s < splits; s++) {
            const o = s * 5;
            const c: Confusion = {
              tp: counts[o + TP]!,
              fp: counts[o + FP]!,
              tn: counts[o + TN]!,
              fn: counts[o + FN]!,
              other: counts[o + OTHER]!,
            };
            sum += pick(splitMetrics(c), key);
          }
          return sum / splits;
        },
        sums: { dims: 5, vectors: oneHot(code), fromSums: (t) => meanOverSplits(t, splits, key) },
      };
    },
  };
}

const pick = (m: PopeSplitMetrics, key: SplitKey): number => m[key];

/** Each unit's confusion cell as a 5-vector (the gate's reduced form: per-split confusion counts). */
const oneHot = (code: ArrayLike<number>): Float64Array => {
  const vectors = new Float64Array(code.length * 5);
  for (let u = 0; u < code.length; u++) vectors[u * 5 + (code[u]! % 5)] = 1;
  return vectors;
};

/** The mean over `splits` of a split metric, from split × 5 confusion counts. */
function meanOverSplits(t: Float64Array, splits: number, key: SplitKey): number {
  let sum = 0;
  for (let s = 0; s < splits; s++) {
    const o = s * 5;
    sum += pick(splitMetrics({ tp: t[o + TP]!, fp: t[o + FP]!, tn: t[o + TN]!, fn: t[o + FN]!, other: t[o + OTHER]! }), key);
  }
  return sum / splits;
}

type SplitKey = "accuracy" | "precision" | "recall" | "f1";

/**
 * One split's metric (SPEC §3 `pope.splits.<split>.<metric>`), from its items' weighted
 * confusion counts through scorePope's own splitMetrics; the other splits' items are not used.
 * A breakdown: intervals, not gated.
 */
function splitMetric(split: string, key: SplitKey): ItemMetric {
  return {
    key: `splits.${split}.${key}`,
    unit: "fraction",
    test: "bootstrap",
    gated: false,
    prepare(items): ItemMetricDesign {
      const selected = items.map((item) => item.meta?.split === split);
      const code = Uint8Array.from(
        items.filter((_, i) => selected[i]),
        cell,
      );
      let unit = 0;
      const unitOf = Int32Array.from(selected, (s) => (s ? unit++ : -1));
      const counts = new Float64Array(5);
      return {
        strata: [code.length],
        unitOf,
        value(weights) {
          counts.fill(0);
          for (let u = 0; u < code.length; u++) counts[code[u]!]! += weights[u]!;
          return pick(splitMetrics({ tp: counts[TP]!, fp: counts[FP]!, tn: counts[TN]!, fn: counts[FN]!, other: counts[OTHER]! }), key);
        },
        sums: { dims: 5, vectors: oneHot(code), fromSums: (t) => meanOverSplits(t, 1, key) },
      };
    },
  };
}

/**
 * POPE's headline metrics (SPEC §3 `pope.accuracy`, `pope.f1`: means over the three splits,
 * gated), and each official split's accuracy, precision, recall and F1 (intervals only).
 */
export const popeItemMetrics: readonly ItemMetric[] = [
  splitMean("accuracy"),
  splitMean("f1"),
  ...POPE_SPLITS.flatMap((split) => (["accuracy", "precision", "recall", "f1"] as const).map((key) => splitMetric(split, key))),
];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One point of accuracy or F1 (~89 of 8,910 answers); between two sampled runs the gate detects a drop of about 1.3 points at this size (BENCHMARKS.md, "Gate"). */
export const popeGateTolerances: Readonly<Record<string, number>> = { accuracy: 0.01, f1: 0.01 };
