/**
 * MMVP (Tong et al., 2024, "Eyes Wide Shut?"): 150 pairs of images that CLIP embeds alike but
 * that differ visibly, each with the same two-option question and opposite answers. A pair
 * counts only when both questions are right. See README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readMmvpHub } from "./hub.js";
import { mmvpGateTolerances, mmvpItemMetrics } from "./item-metrics.js";
import { loadMmvp, MMVP_FILES } from "./loader.js";
import { parseMmvp } from "./parse.js";
import { scoreMmvp } from "./score.js";
import { mmvpTsv } from "./tsv.js";

/** MMVP's results.json metrics (SPEC §3): pair accuracy when a complete pair was answered, and question accuracy. */
export type MmvpMetrics = { accuracy?: number; question_accuracy: number };

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    mmvp: MmvpMetrics;
  }
}

export const mmvp: Benchmark<string> = {
  name: "mmvp",
  aliases: ["MMVP"],
  title: "MMVP",
  files: MMVP_FILES,
  judge: "fallback",
  load: withLayouts(loadMmvp, MMVP_FILES, { hub: readMmvpHub, tsv: mmvpTsv }),
  parse: parseMmvp,
  score: scoreMmvp,
  itemMetrics: mmvpItemMetrics,
  gateTolerances: mmvpGateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [{ label: "MMVP", path: ["accuracy"], unit: "fraction", display: "fraction", order: 8 }],
  // The option letter with its text when the sample (its choices) is at hand: "(b) Closed".
  describeTarget: (target, sample) => {
    if (typeof target !== "string") throw new TypeError("not an MMVP target"); // the report then shows it as stored
    const text = sample?.choices?.[target.charCodeAt(0) - 97];
    return text === undefined ? `(${target})` : `(${target}) ${text}`;
  },
  async writeMini(dir) {
    const { writeMmvpDataset, MMVP_MINI } = await import("./make-mini.js");
    await writeMmvpDataset(dir, MMVP_MINI);
  },
};

export { judgeMmvp, MMVP_GRADER_MAX_TOKENS, type MmvpVerdict, mmvpGraderPrompt, parseVerdict } from "./grader.js";
export { mmvpItemMetrics } from "./item-metrics.js";
export { loadMmvp, MMVP_COLUMNS, MMVP_FILES, type MmvpRow, QUESTIONS_CSV } from "./loader.js";
export { answerLetter, letterAt, splitOptions } from "./options.js";
export { parseMmvp, parseMmvpAnswer } from "./parse.js";
export { mmvpPrompt } from "./prompt.js";
export { mmvpMetrics, scoreMmvp } from "./score.js";
