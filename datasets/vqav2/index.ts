/**
 * VQAv2 (Goyal et al., 2017): open-ended questions about COCO images, ten human answers each.
 * LLaVA-1.5 protocol (prompt, EvalAIAnswerProcessor) and the official VQA accuracy; test-dev
 * writes the EvalAI submission file. See README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readVqav2Hub } from "./hub.js";
import { loadVqav2, VQAV2_FILES, type VqaTarget } from "./loader.js";
import { parseVqav2 } from "./parse.js";
import { scoreVqav2 } from "./score.js";
import { vqav2ItemMetrics, vqav2GateTolerances } from "./item-metrics.js";

export const vqav2: Benchmark<VqaTarget | null> = {
  name: "vqav2",
  title: "VQAv2",
  files: VQAV2_FILES,
  load: withLayouts(loadVqav2, VQAV2_FILES, { hub: readVqav2Hub }),
  parse: parseVqav2,
  score: scoreVqav2,
  itemMetrics: vqav2ItemMetrics,
  gateTolerances: vqav2GateTolerances,
};

export { loadVqav2, VQAV2_FILES, VAL_QUESTIONS, VAL_ANNOTATIONS, TESTDEV_QUESTIONS, type VqaTarget } from "./loader.js";
export { parseVqav2 } from "./parse.js";
export { vqav2Prompt } from "./prompt.js";
export { scoreVqav2 } from "./score.js";
export { vqaAccuracy } from "./accuracy.js";
export { evalAIAnswer, processDigitArticle, processPunctuation, vqaNormalize, vqaTrim } from "./normalize.js";
export { submissionFile, SUBMISSION_FILE } from "./submission.js";
export { vqav2ItemMetrics } from "./item-metrics.js";
