/**
 * MME (Fu et al., 2023): 14 yes/no tasks, two questions per image. LLaVA-1.5 protocol (prompt,
 * convert_answer_to_mme.py) and the official calculation.py scores. See README.md.
 */
import { withLayouts } from "../../src/data-layout.js";
import type { Benchmark } from "../../src/types.js";
import { readMmeHub } from "./hub.js";
import { mmeGateTolerances, mmeItemMetrics } from "./item-metrics.js";
import { loadMme, MME_FILES, type MmeLabel } from "./loader.js";
import { parseMme } from "./parse.js";
import { scoreMme } from "./score.js";
import { mmeTsv } from "./tsv.js";

/**
 * MME's results.json metrics (SPEC §3), in points: a group total is present when its tasks were
 * run (a `--limit` run may hold perception tasks only).
 */
export type MmeMetrics = {
  perception?: number;
  cognition?: number;
  tasks: { [task: string]: { acc: number; acc_plus: number; score: number } };
};

declare module "../../src/types.js" {
  interface BenchmarkMetricsMap {
    mme: MmeMetrics;
  }
}

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
  // The paper's Table 1 columns (SPEC §6); `order` places them among all benchmarks' columns.
  columns: [
    { label: "MME Cog.", path: ["cognition"], unit: "points", display: "points", order: 2 },
    { label: "MME Per.", path: ["perception"], unit: "points", display: "points", order: 3 },
  ],
  describeTarget: (target) => String(target),
  async writeMini(dir) {
    const { writeMmeDataset, MME_MINI } = await import("./make-mini.js");
    await writeMmeDataset(dir, MME_MINI);
  },
};

export { mmeItemMetrics } from "./item-metrics.js";
export { loadMme, MME_FILES, type MmeLabel } from "./loader.js";
export { parseMme } from "./parse.js";
export { mmePrompt } from "./prompt.js";
export { scoreMme } from "./score.js";
export { COGNITION_TASKS, FOLDER_TASKS, MME_ROOT, MME_TASKS, PERCEPTION_TASKS } from "./tasks.js";
