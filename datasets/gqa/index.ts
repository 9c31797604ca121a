/**
 * GQA (Hudson & Manning, 2019): compositional questions over scene graphs. LLaVA-1.5 protocol
 * (prompt, convert_gqa_for_eval.py) and the official eval.py accuracy on test-dev balanced.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readGqaHub } from "./hub.js";
import { gqaGateTolerances, gqaItemMetrics } from "./item-metrics.js";
import { GQA_FILES, type GqaTarget, loadGqa } from "./loader.js";
import { parseGqa } from "./parse.js";
import { scoreGqa } from "./score.js";
import { gqaTsv } from "./tsv.js";

/** GQA's results.json metrics (SPEC §3): accuracy over all scored questions, and by structural type when present. */
export type GqaMetrics = { accuracy: number; binary?: number; open?: number };

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    gqa: GqaMetrics;
  }
}

export const gqa: Benchmark<GqaTarget> = {
  name: "gqa",
  title: "GQA",
  files: GQA_FILES,
  load: withLayouts(loadGqa, GQA_FILES, { hub: readGqaHub, tsv: gqaTsv }),
  parse: parseGqa,
  score: scoreGqa,
  itemMetrics: gqaItemMetrics,
  gateTolerances: gqaGateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [{ label: "GQA", path: ["accuracy"], unit: "fraction", display: "fraction", order: 1 }],
  describeTarget: (target) => {
    if (typeof target?.answer !== "string") throw new TypeError("not a GQA target"); // the report then shows it as stored
    return target.structural === null ? target.answer : `${target.answer} (${target.structural} question)`;
  },
  async writeMini(dir) {
    const { writeGqaDataset, GQA_MINI } = await import("./make-mini.js");
    await writeGqaDataset(dir, GQA_MINI);
  },
};

export { gqaItemMetrics } from "./item-metrics.js";
export { GQA_FILES, GQA_QUESTIONS, type GqaTarget, loadGqa } from "./loader.js";
export { parseGqa } from "./parse.js";
export { gqaPrompt } from "./prompt.js";
export { scoreGqa } from "./score.js";
