/**
 * POPE (Li et al., 2023): yes/no object-existence questions on COCO val2014 in three splits
 * whose negatives are random, popular or adversarial (co-occurring) objects. LLaVA-1.5
 * protocol and the official eval_pope.py scorer; see README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import { popeTsv } from "./tsv.js";
import { llavaPopeSet } from "./llava-set.js";
import type { Benchmark } from "../../src/types.js";
import { readPopeHub } from "./hub.js";
import { loadPope, POPE_FILES, type PopeLabel } from "./loader.js";
import { popeItemMetrics, popeGateTolerances } from "./item-metrics.js";
import { parsePope } from "./parse.js";
import { scorePope } from "./score.js";

export const pope: Benchmark<PopeLabel> = {
  name: "pope",
  title: "POPE",
  files: POPE_FILES,
  load: withLayouts(loadPope, POPE_FILES, { hub: readPopeHub, tsv: popeTsv, subsets: { llava: llavaPopeSet } }),
  parse: parsePope,
  score: scorePope,
  itemMetrics: popeItemMetrics,
  gateTolerances: popeGateTolerances,
};

export { loadPope, POPE_FILES, POPE_SPLITS, splitFile, type PopeLabel, type PopeRow, type PopeSplit } from "./loader.js";
export { popeItemMetrics } from "./item-metrics.js";
export { parsePope } from "./parse.js";
export { popePrompt } from "./prompt.js";
export { scorePope, splitMetrics, type Confusion, type PopeSplitMetrics } from "./score.js";
