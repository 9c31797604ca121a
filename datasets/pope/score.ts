import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import { POPE_SPLITS, type PopeLabel } from "./loader.js";

// A type alias (not an interface) so it is assignable to the Metrics index signature.
export type PopeSplitMetrics = {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  yes_ratio: number;
};

/** Confusion counts with "yes" as the positive class; `other` = no usable answer (see below). */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  other: number;
}

/**
 * Official eval_pope.py metrics for one split. Where the official script would divide by zero
 * (no predicted yes, no yes labels, P + R = 0) the value is 0, so results.json stays valid JSON
 * and a model that never says yes scores precision = recall = F1 = 0.
 */
export function splitMetrics(c: Confusion): PopeSplitMetrics {
  const n = c.tp + c.fp + c.tn + c.fn + c.other;
  const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    accuracy: ratio(c.tp + c.tn, n),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    yes_ratio: ratio(c.tp + c.fp, n),
  };
}

/**
 * Scores each split present; the headline accuracy and F1 are the plain means over those splits
 * (how LLaVA-1.5 and the paper's Table 1 report POPE). Pure: no I/O, no state.
 *
 * POPE's parser always answers, so a `null` (or anything but yes/no) only comes from a sample
 * whose model call failed: it counts as wrong and as no predicted yes — a missed positive (FN)
 * when the label is yes, an `other` that only enlarges the denominators of accuracy and
 * yes_ratio when the label is no (calling it a TN would reward the failure).
 */
export function scorePope(samples: readonly Sample<PopeLabel>[], parsed: readonly (string | null)[], _context?: ScoreContext): ScoreResult {
  if (parsed.length !== samples.length) {
    throw new RangeError(`scorePope: ${samples.length} samples but ${parsed.length} parsed answers`);
  }
  const counts = new Map<string, Confusion>();
  const items: ItemResult[] = samples.map((sample, i) => {
    const split = String(sample.meta.split);
    let c = counts.get(split);
    if (c === undefined) counts.set(split, (c = { tp: 0, fp: 0, tn: 0, fn: 0, other: 0 }));
    const answer = parsed[i] ?? null;
    const positive = sample.target === "yes";
    if (answer === "yes") positive ? c.tp++ : c.fp++;
    else if (answer === "no") positive ? c.fn++ : c.tn++;
    else positive ? c.fn++ : c.other++;
    return { id: sample.id, parsed: answer, correct: answer === sample.target ? 1 : 0, meta: { split } };
  });

  // Official splits first in POPE's order, then any others in the order they appeared.
  const order = [...POPE_SPLITS.filter((s) => counts.has(s)), ...[...counts.keys()].filter((s) => !isOfficial(s))];
  const splits: Record<string, PopeSplitMetrics> = {};
  for (const split of order) splits[split] = splitMetrics(counts.get(split)!);
  const values = Object.values(splits);
  // With no samples there is nothing to average: leave the headline out rather than report 0.
  const metrics: Metrics =
    values.length === 0 ? { splits } : { accuracy: mean(values.map((m) => m.accuracy)), f1: mean(values.map((m) => m.f1)), splits };
  return { metrics, items };
}

const isOfficial = (split: string): boolean => (POPE_SPLITS as readonly string[]).includes(split);

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
