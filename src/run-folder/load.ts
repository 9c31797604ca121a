import { existsSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.js";
import type { ResultsFile } from "../types.js";
import { type ItemLine, readItems } from "./items-jsonl.js";
import { ITEMS_FILE, PREDICTIONS_FILE, RESULTS_FILE, resultsFileOf } from "./names.js";
import { type PredictionRecord, readModelPredictions } from "./predictions-jsonl.js";
import { readResults } from "./results-json.js";

/** A run folder as read by table, gate, effects and the HTML report: every file checked against its schema. */
export interface RunFolder {
  /** What the user passed (a results.json or its folder), for messages. */
  label: string;
  resultsFile: string;
  dir: string;
  results: ResultsFile;
  /** items.jsonl grouped by benchmark, in file order; null when it was not read or is not there (see ReadRunOptions.items). */
  items: Map<string, ItemLine[]> | null;
  /** This model's records of predictions.jsonl, in file order, when asked for; null when there is none. */
  predictions?: PredictionRecord[] | null;
}

/** A run read with its items.jsonl, as the gate and the effects analysis need it. */
export interface LoadedRun extends RunFolder {
  items: Map<string, ItemLine[]>;
}

export interface ReadRunOptions {
  /** items.jsonl: "required" (gate, effects: a DataError when missing), "optional" (reports; the default), "skip". */
  items?: "required" | "optional" | "skip";
  /** Also read this model's answers from predictions.jsonl (latencies, prompt hashes, raw outputs). */
  predictions?: boolean;
}

/**
 * Reads a run folder: `arg` is a results.json or the folder holding it; items.jsonl and
 * predictions.jsonl are looked for next to it. The one reader of these files for every command.
 */
export function readRunFolder(arg: string, options: ReadRunOptions = {}): RunFolder {
  const resultsFile = resultsFileOf(arg);
  if (!existsSync(resultsFile)) {
    throw new DataError(`${resultsFile}: no such results file. Pass a results.json written by \`vlm-bench run\` (or its folder).`, {
      file: resultsFile,
    });
  }
  const results = readResults(resultsFile);
  const dir = path.dirname(resultsFile);
  const run: RunFolder = { label: arg, resultsFile, dir, results, items: null };
  const itemsFile = path.join(dir, ITEMS_FILE);
  const wanted = options.items ?? "optional";
  if (wanted === "required" && !existsSync(itemsFile)) {
    throw new DataError(
      `${itemsFile}: missing. The gate and the effects analysis need the per-item results written next to ` +
        `${RESULTS_FILE}; rerun \`vlm-bench run\` with the same --out (answers are reused) to write it.`,
      { file: itemsFile },
    );
  }
  if (wanted !== "skip" && existsSync(itemsFile)) run.items = readItems(itemsFile);
  if (options.predictions === true) run.predictions = readModelPredictions(path.join(dir, PREDICTIONS_FILE), results.model.fingerprint);
  return run;
}

/**
 * A run with its items (gate, effects): `arg` is a results.json or its folder; items.jsonl must
 * sit next to it. This model's predictions.jsonl records are read too (the gate compares prompt
 * hashes) unless `predictions: false`.
 */
export async function loadRun(arg: string, options: { predictions?: boolean } = {}): Promise<LoadedRun> {
  return readRunFolder(arg, { items: "required", predictions: options.predictions ?? true }) as LoadedRun;
}
