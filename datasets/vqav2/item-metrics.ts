import { meanScore } from "../../src/item-metrics/generic.js";
import type { ItemMetric } from "../../src/types.js";

/**
 * SPEC §3 `vqav2.accuracy`: the mean of the graded VQA accuracies (scoreVqav2's `score`), summed
 * in item order as the scorer sums; paired bootstrap in the gate. Test-dev items carry no score
 * and results.json no accuracy, so they get neither an interval nor a gate.
 */
export const vqav2ItemMetrics: readonly ItemMetric[] = [meanScore("accuracy")];
