import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** The files of a run folder (`run --out DIR`, SPEC §2). */
export const RESULTS_FILE = "results.json";
export const ITEMS_FILE = "items.jsonl";
export const PREDICTIONS_FILE = "predictions.jsonl";
/** The run's own summary (grid row, every metric, speed), written by `run` and `score`. */
export const TABLE_FILE = "table.md";

/** A results.json as the user named it: the file itself, or the run folder holding it. */
export function resultsFileOf(fileOrDir: string): string {
  return existsSync(fileOrDir) && statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, RESULTS_FILE) : fileOrDir;
}
