import { existsSync } from "node:fs";
import { type AppendLogFormat, appendLogRecords, readAppendLog } from "../append-log.js";
import { schemaChecker } from "../schema.js";
import type { TokenLogprob, Usage } from "../types.js";
import { PREDICTION_LINE_SCHEMA } from "./schemas.js";

/** One line of predictions.jsonl: a raw model output, stored verbatim. */
export interface PredictionRecord {
  benchmark: string;
  id: string;
  /** The adapter fingerprint (ModelAdapter.id). */
  adapter: string;
  /** Hash of the prompt, so that a changed prompt is asked again rather than reused. */
  prompt_sha: string;
  text: string;
  /** The model call's wall time; absent for answers taken from an answer file (`source`). */
  latency_ms?: number;
  usage?: Usage;
  /** Token log-probabilities, when the request asked for them (`vlm-bench explain`). */
  logprobs?: TokenLogprob[];
  /** An adapter-supplied relevancy grid, when the request asked for one (`vlm-bench explain`). */
  relevancy?: number[][];
  /**
   * `answer-file`: not a model call of this harness but an answer `vlm-bench score` read from a
   * LLaVA answer file (no latency; `prompt_sha` is the hash of the prompt the file gave, or ""
   * when it gave none). Absent for model calls.
   */
  source?: "answer-file";
  time: string;
}

const checkPrediction = schemaChecker(PREDICTION_LINE_SCHEMA);

const PREDICTION_LOG: AppendLogFormat<PredictionRecord> = {
  isRecord: (value): value is PredictionRecord => checkPrediction(value) === null,
  record: 'prediction record ({"benchmark","id","adapter","prompt_sha","text",…})',
  redo: "its sample will be asked again",
};

/**
 * The records of a predictions.jsonl, in file order. A last line cut short by a killed run is
 * left out; with `repair` (the prediction store, which appends next) it is also cut off the
 * file and `warn` says so. Any other line that is not a record is a DataError naming file and line.
 */
export function readPredictions(file: string, options: { repair?: boolean; warn?: (message: string) => void } = {}): PredictionRecord[] {
  return readAppendLog(file, PREDICTION_LOG, options.warn ?? (() => {}), { repair: options.repair ?? false });
}

/** The complete records of a predictions.jsonl whose text was already read (`score` reads its answer file once). */
export function predictionRecords(file: string, text: string): PredictionRecord[] {
  return appendLogRecords(file, text, PREDICTION_LOG);
}

/** This model's answers (by adapter fingerprint) in `file`, or null when there is no such file. */
export function readModelPredictions(file: string, fingerprint: string): PredictionRecord[] | null {
  if (!existsSync(file)) return null;
  return readPredictions(file).filter((r) => r.adapter === fingerprint);
}
