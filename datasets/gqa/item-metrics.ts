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
