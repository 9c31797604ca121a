import { meanScore, meanWhere } from "../../src/item-metrics/generic.js";
import type { ItemMetric } from "../../src/types.js";

/** The official answer types; results.json reports `answer_types.<type>` for those present. */
const ANSWER_TYPES = ["yes/no", "number", "other"] as const;

/**
 * SPEC §3 `vqav2.accuracy`: the mean of the graded VQA accuracies (scoreVqav2's `score`), summed
 * in item order as the scorer sums; paired randomization test in the gate. `answer_types.<type>` get
 * intervals too. Test-dev items carry no score and results.json no accuracy, so they get neither
 * an interval nor a gate.
 */
export const vqav2ItemMetrics: readonly ItemMetric[] = [
  meanScore("accuracy"),
  ...ANSWER_TYPES.map((type) => meanWhere(`answer_types.${type}`, (item) => item.meta?.answer_type === type, "score")),
];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One VQA-accuracy point. */
export const vqav2GateTolerances: Readonly<Record<string, number>> = { accuracy: 0.01 };
