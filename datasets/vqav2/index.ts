/**
 * VQAv2 (Goyal et al., 2017): open-ended questions about COCO images, ten human answers each.
 * LLaVA-1.5 protocol (prompt, EvalAIAnswerProcessor) and the official VQA accuracy; test-dev
 * writes the EvalAI submission file. See README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readVqav2Hub } from "./hub.js";
import { vqav2GateTolerances, vqav2ItemMetrics } from "./item-metrics.js";
import { loadVqav2, VQAV2_FILES, type VqaTarget } from "./loader.js";
import { parseVqav2 } from "./parse.js";
import { scoreVqav2 } from "./score.js";

/** VQAv2's results.json metrics (SPEC §3): no local accuracy for test-dev (EvalAI scores it). */
export type Vqav2Metrics = { accuracy?: number; answer_types?: { [answerType: string]: number } };

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    vqav2: Vqav2Metrics;
  }
}

export const vqav2: Benchmark<VqaTarget | null> = {
  name: "vqav2",
  title: "VQAv2",
  files: VQAV2_FILES,
  load: withLayouts(loadVqav2, VQAV2_FILES, { hub: readVqav2Hub }),
  parse: parseVqav2,
  score: scoreVqav2,
  itemMetrics: vqav2ItemMetrics,
  gateTolerances: vqav2GateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [{ label: "VQAv2", path: ["accuracy"], unit: "fraction", display: "percent", order: 7 }],
  // The ten human answers with their counts, most frequent first: "yes ×9, no ×1".
  describeTarget: (target) => {
    if (target === null) return "(no annotation: test-dev)";
    if (!Array.isArray(target.answers)) throw new TypeError("not a VQAv2 target"); // the report then shows it as stored
    const counts = new Map<string, number>();
    for (const a of target.answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([a, n]) => `${a} ×${n}`)
      .join(", ");
  },
  async writeMini(dir) {
    const { writeVqav2Dataset, VQAV2_MINI } = await import("./make-mini.js");
    await writeVqav2Dataset(dir, VQAV2_MINI);
  },
};

export { vqaAccuracy } from "./accuracy.js";
export { vqav2ItemMetrics } from "./item-metrics.js";
export { loadVqav2, TESTDEV_QUESTIONS, VAL_ANNOTATIONS, VAL_QUESTIONS, VQAV2_FILES, type VqaTarget } from "./loader.js";
export { evalAIAnswer, processDigitArticle, processPunctuation, vqaNormalize, vqaTrim } from "./normalize.js";
export { parseVqav2 } from "./parse.js";
export { vqav2Prompt } from "./prompt.js";
export { scoreVqav2 } from "./score.js";
export { SUBMISSION_FILE, submissionFile } from "./submission.js";
