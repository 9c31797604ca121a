/**
 * MME (Fu et al., 2023): 14 yes/no tasks, two questions per image. LLaVA-1.5 protocol (prompt,
 * convert_answer_to_mme.py) and the official calculation.py scores. See README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import { mmeTsv } from "./tsv.js";
import type { Benchmark } from "../../src/types.js";
import { readMmeHub } from "./hub.js";
import { loadMme, MME_FILES, type MmeLabel } from "./loader.js";
import { parseMme } from "./parse.js";
import { scoreMme } from "./score.js";
import { mmeItemMetrics, mmeGateTolerances } from "./item-metrics.js";

export const mme: Benchmark<MmeLabel> = {
  name: "mme",
  aliases: ["MME"],
  title: "MME",
  files: MME_FILES,
  load: withLayouts(loadMme, MME_FILES, { hub: readMmeHub, tsv: mmeTsv }),
  parse: parseMme,
  score: scoreMme,
  itemMetrics: mmeItemMetrics,
  gateTolerances: mmeGateTolerances,
};

export { loadMme, MME_FILES, type MmeLabel } from "./loader.js";
export { parseMme } from "./parse.js";
export { mmePrompt } from "./prompt.js";
export { scoreMme } from "./score.js";
export { COGNITION_TASKS, FOLDER_TASKS, MME_ROOT, MME_TASKS, PERCEPTION_TASKS } from "./tasks.js";
export { mmeItemMetrics } from "./item-metrics.js";
