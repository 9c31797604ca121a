import { shareCorrect, valueAndOne } from "../../src/item-metrics/generic.js";
import { groupItems } from "../../src/item-metrics/group.js";
import type { ItemMetric, ItemMetricDesign } from "../../src/types.js";

/**
 * MMVP pair accuracy from items (scoreMmvp writes `meta.pair`): the unit is a pair, and only
 * pairs with both questions scored count, as in mmvpMetrics — so the share of pairs with both
 * right is resampled pair by pair.
 */
const pairAccuracy: ItemMetric = {
  key: "accuracy",
  unit: "fraction",
  test: "bootstrap", // a share of pairs, not of items
  gated: true,
  prepare(items): ItemMetricDesign {
    const pairs = new Map<string, number>();
    for (const item of items) pairs.set(String(item.meta?.pair), (pairs.get(String(item.meta?.pair)) ?? 0) + 1);
    const grouped = groupItems(items, (item) => {
      const pair = String(item.meta?.pair);
      return pairs.get(pair) === 2 ? { stratum: "pairs", unit: pair } : null;
    });
    const bothRight = Uint8Array.from(grouped.unitItems, (members) => (members.every((i) => items[i]!.correct === 1) ? 1 : 0));
    return {
      strata: grouped.strata,
      unitOf: grouped.unitOf,
      value(weights) {
        let right = 0;
        let n = 0;
        for (let u = 0; u < bothRight.length; u++) {
          right += weights[u]! * bothRight[u]!;
          n += weights[u]!;
        }
        return right / n;
      },
      sums: { dims: 2, vectors: valueAndOne(bothRight), fromSums: (t) => t[0]! / t[1]! },
    };
  },
};

/** SPEC §3: `mmvp.accuracy` (pairs) and `mmvp.question_accuracy` (questions, exact McNemar). */
export const mmvpItemMetrics: readonly ItemMetric[] = [pairAccuracy, shareCorrect("question_accuracy")];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One point of pair accuracy (1.5 of 150 pairs) or question accuracy. */
export const mmvpGateTolerances: Readonly<Record<string, number>> = { accuracy: 0.01, question_accuracy: 0.01 };
