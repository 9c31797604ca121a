/**
 * POPE (Li et al., 2023): yes/no object-existence questions on COCO val2014 in three splits
 * whose negatives are random, popular or adversarial (co-occurring) objects. LLaVA-1.5
 * protocol and the official eval_pope.py scorer; see README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readPopeHub } from "./hub.js";
import { popeGateTolerances, popeItemMetrics } from "./item-metrics.js";
import { llavaPopeSet } from "./llava-set.js";
import { loadPope, POPE_FILES, type PopeLabel } from "./loader.js";
import { parsePope } from "./parse.js";
import { type PopeSplitMetrics, scorePope } from "./score.js";
import { popeTsv } from "./tsv.js";

/** POPE's results.json metrics (SPEC §3): means over the splits, and each split's official metrics. */
export type PopeMetrics = { accuracy: number; f1: number; splits: { [split: string]: PopeSplitMetrics } };

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    pope: PopeMetrics;
  }
}

export const pope: Benchmark<PopeLabel> = {
  name: "pope",
  title: "POPE",
  files: POPE_FILES,
  load: withLayouts(loadPope, POPE_FILES, { hub: readPopeHub, tsv: popeTsv, subsets: { llava: llavaPopeSet } }),
  parse: parsePope,
  score: scorePope,
  itemMetrics: popeItemMetrics,
  gateTolerances: popeGateTolerances,
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [
    { label: "POPE Acc.", path: ["accuracy"], unit: "fraction", display: "fraction", order: 5 },
    { label: "POPE F1", path: ["f1"], unit: "fraction", display: "fraction", order: 6 },
  ],
  describeTarget: (target) => String(target),
  async writeMini(dir) {
    const { writePopeDataset, POPE_MINI } = await import("./make-mini.js");
    await writePopeDataset(dir, POPE_MINI);
  },
};

export { popeItemMetrics } from "./item-metrics.js";
export { loadPope, POPE_FILES, POPE_SPLITS, type PopeLabel, type PopeRow, type PopeSplit, splitFile } from "./loader.js";
export { parsePope } from "./parse.js";
export { popePrompt } from "./prompt.js";
export { type Confusion, type PopeSplitMetrics, scorePope, splitMetrics } from "./score.js";
