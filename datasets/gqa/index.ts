/**
 * GQA (Hudson & Manning, 2019): compositional questions over scene graphs. LLaVA-1.5 protocol
 * (prompt, convert_gqa_for_eval.py) and the official eval.py accuracy on test-dev balanced.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readGqaHub } from "./hub.js";
import { GQA_FILES, loadGqa, type GqaTarget } from "./loader.js";
import { parseGqa } from "./parse.js";
import { scoreGqa } from "./score.js";
import { gqaItemMetrics, gqaGateTolerances } from "./item-metrics.js";

export const gqa: Benchmark<GqaTarget> = {
  name: "gqa",
  title: "GQA",
  files: GQA_FILES,
  load: withLayouts(loadGqa, GQA_FILES, { hub: readGqaHub }),
  parse: parseGqa,
  score: scoreGqa,
  itemMetrics: gqaItemMetrics,
  gateTolerances: gqaGateTolerances,
};

export { GQA_FILES, GQA_QUESTIONS, loadGqa, type GqaTarget } from "./loader.js";
export { parseGqa } from "./parse.js";
export { gqaPrompt } from "./prompt.js";
export { scoreGqa } from "./score.js";
export { gqaItemMetrics } from "./item-metrics.js";
