import { shareCorrect } from "../../src/item-metrics/generic.js";
import type { ItemMetric } from "../../src/types.js";

/** SPEC §3 `scienceqa.accuracy`: the share of image-subset test problems right, exact McNemar in the gate. */
export const scienceqaItemMetrics: readonly ItemMetric[] = [shareCorrect("accuracy")];

/** The gate's default tolerance per gated metric (Benchmark.gateTolerances). One accuracy point (~20 of 2,017 image questions). */
export const scienceqaGateTolerances: Readonly<Record<string, number>> = { accuracy: 0.01 };
