import type { ItemLine, PredictionRecord, RunFolder } from "../src/run-folder/index.js";
import type { GridSource } from "./grid.js";

/** One model's run as the reports show it: results, items and raw outputs, already read (reports read no file). */
export interface ReportSource extends GridSource {
  file: string;
  /** items.jsonl's lines of the benchmarks in results.json, when the run folder has items.jsonl. */
  items?: readonly ItemLine[];
  /** This model's last raw output per `benchmark\u0000id` (predictions.jsonl), for the sample browser. */
  outputs?: ReadonlyMap<string, PredictionRecord>;
}

/**
 * A run folder read by src/run-folder (with predictions) → what the grid and the HTML report take:
 * the item ids for the item-set check, every latency for exact percentiles, the raw outputs.
 */
export function reportSource(run: RunFolder): ReportSource {
  const { results } = run;
  const source: ReportSource = { file: run.resultsFile, results };
  if (run.items !== null) {
    const own = [...run.items].filter(([benchmark]) => results.benchmarks[benchmark] !== undefined);
    source.items = own.flatMap(([, items]) => items);
    source.itemIds = new Map(own.map(([benchmark, items]) => [benchmark, new Set(items.map((i) => i.id))]));
  }
  if (run.predictions !== undefined && run.predictions !== null) {
    const records = run.predictions.filter((r) => results.benchmarks[r.benchmark] !== undefined);
    source.latenciesMs = records.map((r) => r.latency_ms).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
    source.outputs = new Map(records.map((r) => [`${r.benchmark}\u0000${r.id}`, r]));
  }
  return source;
}
