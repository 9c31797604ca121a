import { meanWhere, shareCorrect } from "../../src/item-metrics/generic.js";
import type { ItemMetric } from "../../src/types.js";

/**
 * SPEC §3 `gqa.accuracy`: the share of balanced questions right (scoreGqa's `correct`), exact
 * McNemar in the gate; `binary` and `open` (scoreGqa's `meta.answer_type`) get intervals too.
 */
export const gqaItemMetrics: readonly ItemMetric[] = [
  shareCorrect("accuracy"),
  meanWhere("binary", (item) => item.meta?.answer_type === "binary", "correct"),
  meanWhere("open", (item) => item.meta?.answer_type === "open", "correct"),
];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One accuracy point: ~125 of GQA's 12,578 test-dev balanced questions. */
export const gqaGateTolerances: Readonly<Record<string, number>> = { accuracy: 0.01 };
