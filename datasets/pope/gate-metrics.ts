import type { GateItem, GateMetric } from "../../src/types.js";
import { splitMetrics, type Confusion, type PopeSplitMetrics } from "./score.js";

/**
 * POPE's headline metrics for the gate, recomputed from items exactly as scorePope computes
 * them: per-split confusion counts (yes = positive; an answer other than yes/no is a missed
 * positive or an `other`), then the plain mean over the splits present. Both are composites
 * (means of per-split ratios), so the gate tests them with the paired bootstrap.
 */
export function popeGateMetrics(): GateMetric[] {
  return [
    { key: "accuracy", unit: "fraction", test: "bootstrap", statistic: (items) => splitMean(items, (m) => m.accuracy) },
    { key: "f1", unit: "fraction", test: "bootstrap", statistic: (items) => splitMean(items, (m) => m.f1) },
  ];
}

const TP = 0, FP = 1, TN = 2, FN = 3, OTHER = 4;

function splitMean(items: readonly GateItem[], pick: (m: PopeSplitMetrics) => number): (indices: Uint32Array) => number {
  const splitNames: string[] = [];
  // One code per item: split × 5 + confusion cell, so a resample is one counting pass.
  const code = new Uint16Array(items.length);
  items.forEach((item, i) => {
    const name = String(item.meta?.split);
    let s = splitNames.indexOf(name);
    if (s < 0) s = splitNames.push(name) - 1;
    const positive = item.target === "yes";
    const cell = item.parsed === "yes" ? (positive ? TP : FP) : item.parsed === "no" ? (positive ? FN : TN) : positive ? FN : OTHER;
    code[i] = s * 5 + cell;
  });
  const counts = new Uint32Array(splitNames.length * 5);
  return (indices) => {
    counts.fill(0);
    for (let i = 0; i < indices.length; i++) counts[code[indices[i]!]!]!++;
    let sum = 0;
    let present = 0;
    for (let s = 0; s < splitNames.length; s++) {
      const o = s * 5;
      const c: Confusion = { tp: counts[o + TP]!, fp: counts[o + FP]!, tn: counts[o + TN]!, fn: counts[o + FN]!, other: counts[o + OTHER]! };
      if (c.tp + c.fp + c.tn + c.fn + c.other === 0) continue;
      sum += pick(splitMetrics(c));
      present++;
    }
    return present === 0 ? NaN : sum / present;
  };
}
