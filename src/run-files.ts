import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { DataError } from "./errors.js";
import { readJsonLineRecords } from "./json-files.js";
import { ITEMS_FILE, readResults, RESULTS_FILE, type ItemLine } from "./results.js";
import type { ResultsFile } from "./types.js";

/** A finished run as the gate and the effects analysis read it: results.json plus its items. */
export interface LoadedRun {
  /** What the user passed (a results.json or its folder), for messages. */
  label: string;
  resultsFile: string;
  dir: string;
  results: ResultsFile;
  /** items.jsonl grouped by benchmark, in file order. */
  items: Map<string, ItemLine[]>;
}

/** `arg` is a results.json or the folder holding it; items.jsonl must sit next to it. */
export async function loadRun(arg: string): Promise<LoadedRun> {
  const resultsFile = existsSync(arg) && statSync(arg).isDirectory() ? path.join(arg, RESULTS_FILE) : arg;
  if (!existsSync(resultsFile)) {
    throw new DataError(`${resultsFile}: no such results file. Pass a results.json written by \`vlm-bench run\` (or its folder).`, {
      file: resultsFile,
    });
  }
  const results = readResults(resultsFile);
  const dir = path.dirname(resultsFile);
  const itemsFile = path.join(dir, ITEMS_FILE);
  if (!existsSync(itemsFile)) {
    throw new DataError(
      `${itemsFile}: missing. The gate and the effects analysis need the per-item results written next to ` +
        `${RESULTS_FILE}; rerun \`vlm-bench run\` with the same --out (answers are reused) to write it.`,
      { file: itemsFile },
    );
  }
  const items = new Map<string, ItemLine[]>();
  const seen = new Set<string>();
  for (const { line, value } of await readJsonLineRecords<ItemLine>(itemsFile)) {
    const problem = itemProblem(value);
    if (problem !== null) {
      throw new DataError(`${itemsFile}, line ${line}: ${problem}. Each line must be {"benchmark","id","parsed","correct" or "score",…}.`, {
        file: itemsFile,
        line,
      });
    }
    const key = `${value.benchmark}\u0000${value.id}`;
    if (seen.has(key)) {
      throw new DataError(`${itemsFile}, line ${line}: ${value.benchmark} item "${value.id}" appears twice.`, {
        file: itemsFile,
        line,
        sampleId: value.id,
      });
    }
    seen.add(key);
    let list = items.get(value.benchmark);
    if (list === undefined) items.set(value.benchmark, (list = []));
    list.push(value);
  }
  return { label: arg, resultsFile, dir, results, items };
}

function itemProblem(v: Partial<ItemLine> | null): string | null {
  if (typeof v !== "object" || v === null) return "not a JSON object";
  if (typeof v.benchmark !== "string" || v.benchmark === "") return 'no "benchmark"';
  if (typeof v.id !== "string") return 'no string "id"';
  if (v.correct !== undefined && v.correct !== 0 && v.correct !== 1) return `"correct" is ${JSON.stringify(v.correct)}, not 0 or 1`;
  if (v.score !== undefined && !(typeof v.score === "number" && v.score >= 0 && v.score <= 1)) {
    return `"score" is ${JSON.stringify(v.score)}, not a number in [0, 1]`;
  }
  return null;
}

/** The item's outcome for averaging: its graded score, else its 0/1 correctness, else undefined. */
export function itemValue(item: { correct?: 0 | 1; score?: number }): number | undefined {
  return item.score ?? item.correct;
}
