/**
 * MM-Vet (Yu et al., 2023): open-ended questions needing combinations of six capabilities
 * (recognition, OCR, knowledge, language generation, spatial awareness, math), graded 0–1 by an
 * LLM judge with the official few-shot grader prompt. LLaVA-1.5 protocol; see README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readMmvetHub } from "./hub.js";
import { mmvetGateTolerances, mmvetItemMetrics } from "./item-metrics.js";
import { loadMmvet, MMVET_FILES, type MmvetTarget } from "./loader.js";
import { parseMmvet } from "./parse.js";
import { scoreMmvet } from "./score.js";
import { mmvetTsv } from "./tsv.js";

/** MM-Vet's results.json metrics (SPEC §3): empty when no judge graded the answers. */
export type MmvetMetrics = {
  total?: number;
  /** Population std of the total over judge runs. */
  std?: number;
  capabilities?: { [capability: string]: number };
  capabilities_std?: { [capability: string]: number };
  run_totals?: { [run: string]: number };
};

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    mmvet: MmvetMetrics;
  }
}

export const mmvet: Benchmark<MmvetTarget> = {
  name: "mmvet",
  aliases: ["mm-vet"],
  title: "MM-Vet",
  files: MMVET_FILES,
  judge: "required",
  // LLaVA's model_vqa.py, which generates MM-Vet answers, allows 1024 new tokens.
  referenceMaxTokens: 1024,
  load: withLayouts(loadMmvet, MMVET_FILES, { hub: readMmvetHub, tsv: mmvetTsv }),
  parse: parseMmvet,
  score: scoreMmvet,
  itemMetrics: mmvetItemMetrics,
  gateTolerances: mmvetGateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [{ label: "MM-Vet", path: ["total"], unit: "fraction", display: "percent", order: 4 }],
  // MM-Vet's ground truth is free text (alternatives joined by <OR>), shown as it is.
  describeTarget: (target) => String(target),
  async writeMini(dir) {
    const { writeMmvetDataset, MMVET_MINI } = await import("./make-mini.js");
    await writeMmvetDataset(dir, MMVET_MINI);
  },
};

export { gradeMmvet, graderPrompt, graderRow, MMVET_GRADER, type MmvetGrade, parseGraderReply, pythonFloat } from "./grader.js";
export { mmvetItemMetrics } from "./item-metrics.js";
export { loadMmvet, MMVET_FILES, MMVET_JSON, type MmvetEntry, type MmvetTarget } from "./loader.js";
export { parseMmvet } from "./parse.js";
export { mmvetPrompt } from "./prompt.js";
export { type GradedAnswer, mmvetMetrics, scoreMmvet } from "./score.js";
