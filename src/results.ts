import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { quantileSorted } from "simple-statistics";
import { DataError } from "./errors.js";
import { harnessId } from "./package-info.js";
import type { PredictionRecord } from "./store.js";
import type { ItemResult, ResultsFile, SpeedStats } from "./types.js";

export const RESULTS_FILE = "results.json";
export const ITEMS_FILE = "items.jsonl";
export const PREDICTIONS_FILE = "predictions.jsonl";

/** One line of items.jsonl: a scored sample, tagged with its benchmark. */
export interface ItemLine extends ItemResult {
  benchmark: string;
  target: unknown;
}

/** Reads a results.json, checking the version so an older or foreign file is named, not misread. */
export function readResults(file: string): ResultsFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataError(`${file}: not a readable results.json (${(error as Error).message}).`, { file, cause: error });
  }
  const v = value as Partial<ResultsFile>;
  if (v?.version !== 1 || typeof v.benchmarks !== "object" || typeof v.model !== "object") {
    throw new DataError(`${file}: not a vlm-bench results.json of version 1 (it has no "version": 1, "model" and "benchmarks").`, {
      file,
    });
  }
  return value as ResultsFile;
}

/**
 * The results already in `outDir` for the same model fingerprint, to merge a resumed run into.
 * Another model's results there are replaced (its predictions stay), and `warn` says so.
 */
export function previousResults(outDir: string, fingerprint: string, warn: (message: string) => void = () => {}): ResultsFile | null {
  const file = path.join(outDir, RESULTS_FILE);
  if (!existsSync(file)) return null;
  const results = readResults(file);
  if (results.model.fingerprint === fingerprint) return results;
  warn(
    `${file} holds results of ${results.model.fingerprint}, not ${fingerprint}: they will be replaced ` +
      `(its answers stay in ${PREDICTIONS_FILE}). Use another --out to keep both.`,
  );
  return null;
}

/**
 * A results.json for `model`, carrying over what `previous` (the same model's results in the same
 * folder) had: its benchmarks, factors and row label, with the new factors and label on top.
 */
export function startResults(
  model: { adapter: string; name: string; fingerprint: string; settings: ResultsFile["model"]["settings"]; label?: string },
  previous: ResultsFile | null,
  factors: Record<string, string>,
): ResultsFile {
  const label = model.label ?? previous?.model.label;
  return {
    version: 1,
    harness: harnessId,
    created: new Date().toISOString(),
    model: {
      adapter: model.adapter,
      name: model.name,
      ...(label !== undefined ? { label } : {}),
      fingerprint: model.fingerprint,
      settings: model.settings,
      factors: { ...previous?.model.factors, ...factors },
    },
    benchmarks: { ...previous?.benchmarks },
  };
}

/**
 * Writes via a temporary file and a rename, so a crash never leaves half a results.json.
 * `text` may be a sequence of pieces (e.g. one per JSON line), written in chunks of about
 * 1 MiB: VQAv2 val's 214k item lines joined into one string would cost a copy of them all.
 */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  const temp = `${file}.${process.pid}.tmp`;
  if (typeof text === "string") {
    writeFileSync(temp, text);
  } else {
    const fd = openSync(temp, "w");
    try {
      let chunk = "";
      for (const piece of text) {
        chunk += piece;
        if (chunk.length >= 1 << 20) {
          writeSync(fd, chunk);
          chunk = "";
        }
      }
      if (chunk !== "") writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(temp, file);
}

export function writeResults(outDir: string, results: ResultsFile): void {
  writeFileAtomic(path.join(outDir, RESULTS_FILE), JSON.stringify(results, null, 2) + "\n");
}

/** Rewrites items.jsonl: the given benchmarks' items replace theirs, other benchmarks' stay. */
export function writeItems(outDir: string, fresh: Map<string, ItemLine[]>): void {
  const file = path.join(outDir, ITEMS_FILE);
  const kept: string[] = [];
  if (existsSync(file)) {
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const benchmark = parseItemLine(file, i + 1, line).benchmark;
      if (benchmark !== undefined && !fresh.has(benchmark)) kept.push(line);
    });
  }
  writeFileAtomic(file, itemLines(kept, fresh));
}

function* itemLines(kept: readonly string[], fresh: Map<string, ItemLine[]>): Generator<string> {
  for (const line of kept) yield line + "\n";
  for (const items of fresh.values()) for (const item of items) yield JSON.stringify(item) + "\n";
}

function parseItemLine(file: string, line: number, text: string): { benchmark?: string } {
  try {
    return JSON.parse(text) as { benchmark?: string };
  } catch (error) {
    throw new DataError(
      `${file}, line ${line}: not valid JSON (${(error as Error).message}). Delete it and run the same command again: ` +
        `items.jsonl is rebuilt from predictions.jsonl, and no model call is repeated.`,
      { file, line, cause: error },
    );
  }
}

/**
 * Throughput of the samples generated now, and latency percentiles over every stored answer.
 * A fully resumed benchmark generated nothing now, so it keeps the throughput measured before.
 */
export function speedStats(
  records: Iterable<PredictionRecord>,
  generated: number,
  elapsedMs: number,
  previous?: SpeedStats,
): SpeedStats {
  const latencies = [...records].map((r) => r.latency_ms).filter((x) => Number.isFinite(x));
  latencies.sort((a, b) => a - b);
  const speed: SpeedStats = {};
  if (generated > 0 && elapsedMs > 0) speed.samples_per_s = generated / (elapsedMs / 1000);
  else if (previous?.samples_per_s !== undefined) speed.samples_per_s = previous.samples_per_s;
  if (latencies.length > 0) {
    speed.latency_ms_p50 = quantileSorted(latencies, 0.5);
    speed.latency_ms_p95 = quantileSorted(latencies, 0.95);
  }
  return speed;
}
