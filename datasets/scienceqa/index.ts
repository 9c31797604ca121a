/**
 * ScienceQA-IMG (Lu et al., 2022): multiple-choice science questions, the test problems that
 * have an image. LLaVA-1.5 protocol (prompt) and eval_science_qa.py (parse rule, IMG accuracy).
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readScienceqaHub } from "./hub.js";
import { scienceqaGateTolerances, scienceqaItemMetrics } from "./item-metrics.js";
import { loadScienceqa, SCIENCEQA_FILES, type ScienceqaTarget } from "./loader.js";
import { parseScienceqa } from "./parse.js";
import { scoreScienceqa } from "./score.js";
import { scienceqaTsv } from "./tsv.js";

/** ScienceQA-IMG's results.json metrics (SPEC §3): accuracy on the image subset. */
export type ScienceqaMetrics = { accuracy: number };

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    scienceqa: ScienceqaMetrics;
  }
}

export const scienceqa: Benchmark<ScienceqaTarget> = {
  name: "scienceqa",
  title: "ScienceQA-IMG",
  files: SCIENCEQA_FILES,
  load: withLayouts(loadScienceqa, SCIENCEQA_FILES, { hub: readScienceqaHub, tsv: scienceqaTsv }),
  parse: parseScienceqa,
  score: scoreScienceqa,
  itemMetrics: scienceqaItemMetrics,
  gateTolerances: scienceqaGateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [{ label: "ScienceQA-IMG", path: ["accuracy"], unit: "fraction", display: "fraction", order: 9 }],
  // Choice letters as the prompt shows them (A., B., …), with the text when the sample is at hand.
  describeTarget: (target, sample) => {
    if (!Number.isInteger(target?.answer)) throw new TypeError("not a ScienceQA target"); // the report then shows it as stored
    const letter = String.fromCharCode(65 + target.answer);
    const text = sample?.choices?.[target.answer];
    return `${letter}${text === undefined ? "" : `. ${text}`} (of ${target.choices} choices)`;
  },
  async writeMini(dir) {
    const { writeScienceqaDataset, SCIENCEQA_MINI } = await import("./make-mini.js");
    await writeScienceqaDataset(dir, SCIENCEQA_MINI);
  },
};

export { scienceqaItemMetrics } from "./item-metrics.js";
export { loadScienceqa, SCIENCEQA_FILES, type ScienceqaTarget } from "./loader.js";
export { parseScienceqa } from "./parse.js";
export { OPTION_LETTERS, scienceqaPrompt } from "./prompt.js";
export { scoreScienceqa } from "./score.js";
