import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseJsonLines } from "../src/json-files.js";
import { ITEMS_FILE, PREDICTIONS_FILE, readResults, RESULTS_FILE, type ItemLine } from "../src/results.js";
import type { GridSource } from "./grid.js";

/** A results.json as read for a report, with the items and latencies found next to it. */
export interface LoadedSource extends GridSource {
  file: string;
  /** items.jsonl next to the results, when present. */
  items?: ItemLine[];
}

/**
 * Reads a results.json (or a run folder holding one), its items.jsonl for the item-set check
 * and --ci, and the latencies of this model's answers in predictions.jsonl for exact percentiles.
 */
export function loadSource(fileOrDir: string): LoadedSource {
  const file = existsSync(fileOrDir) && statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, RESULTS_FILE) : fileOrDir;
  const results = readResults(file);
  const dir = path.dirname(file);
  const source: LoadedSource = { file, results };
  const itemsFile = path.join(dir, ITEMS_FILE);
  if (existsSync(itemsFile)) {
    const items = readJsonl<ItemLine>(itemsFile).filter((i) => results.benchmarks[i.benchmark] !== undefined);
    source.items = items;
    const ids = new Map<string, Set<string>>();
    for (const item of items) {
      let set = ids.get(item.benchmark);
      if (set === undefined) ids.set(item.benchmark, (set = new Set()));
      set.add(item.id);
    }
    source.itemIds = ids;
  }
  const predictionsFile = path.join(dir, PREDICTIONS_FILE);
  if (existsSync(predictionsFile)) {
    const fingerprint = results.model.fingerprint;
    source.latenciesMs = readJsonl<{ adapter?: string; benchmark?: string; latency_ms?: number }>(predictionsFile, true)
      .filter((r) => r.adapter === fingerprint && r.benchmark !== undefined && results.benchmarks[r.benchmark] !== undefined)
      .map((r) => r.latency_ms)
      .filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  }
  return source;
}

/** JSON lines read for a report; a malformed line names file and line (a predictions log may end in a cut line: skipped). */
export function readJsonl<T>(file: string, tolerateCutLastLine = false): T[] {
  return parseJsonLines<T>(file, readFileSync(file, "utf8"), { tolerateCutLastLine }).map((r) => r.value);
}
