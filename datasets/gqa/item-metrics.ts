import { shareCorrect } from "../../src/item-metrics/generic.js";
import type { ItemMetric } from "../../src/types.js";

/** SPEC §3 `gqa.accuracy`: the share of balanced questions right (scoreGqa's `correct`), exact McNemar in the gate. */
export const gqaItemMetrics: readonly ItemMetric[] = [shareCorrect("accuracy")];
