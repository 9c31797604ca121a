import { createHash } from "node:crypto";
import { DataError } from "./errors.js";
import { decodeUtf8, parseJsonLines, parseJsonText, readBytes } from "./json-files.js";
import { type PredictionRecord, predictionRecords } from "./run-folder/index.js";

/** One saved model answer: its text, the prompt it answered when the file says, and who gave it. */
export interface SavedAnswer {
  text: string;
  prompt?: string;
  /** Our predictions.jsonl: the adapter fingerprint; LLaVA answer files: `model_id`. */
  model?: string;
  /** The whole line, when the file is a run folder's predictions.jsonl (its usage, latency, prompt hash). */
  record?: PredictionRecord;
}

/**
 * A file of saved answers, indexed for matching with samples: ours (predictions.jsonl,
 * `{"benchmark","id","text","adapter",…}`) or a LLaVA answer file (`{"question_id","prompt","text"}`).
 */
export interface AnswerFile {
  file: string;
  /** Ours, by benchmark and sample id; several models' answers may share one file. */
  ours: Map<string, SavedAnswer[]>;
  /** LLaVA's, by question_id as a string (ids may repeat: POPE per split, MME per image). */
  llava: Map<string, SavedAnswer[]>;
  records: number;
  /** sha256 (hex) of the file's bytes: LLaVA answer files are named by it in results.json. */
  sha256: string;
}

const ourKey = (benchmark: string, id: string) => `${benchmark}\u0000${id}`;

/**
 * Reads an answer file. A run folder's predictions.jsonl (its first line a full prediction
 * record) is read by the run folder's own reader, with its rules: a last line cut short by a
 * killed run is left out, any other line must be a prediction record.
 */
export async function readAnswerFile(file: string): Promise<AnswerFile> {
  const ours = new Map<string, SavedAnswer[]>();
  const llava = new Map<string, SavedAnswer[]>();
  // Read once: the text for the answers, the bytes for the digest.
  const bytes = await readBytes(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const text = decodeUtf8(file, bytes);
  const fromMap = (map: [string, string][]): AnswerFile => {
    for (const [id, text] of map) push(llava, id, { text });
    return { file, ours, llava, records: map.length, sha256 };
  };
  if (isPredictionRecord(firstLine(text))) {
    const records = predictionRecords(file, text);
    for (const r of records) push(ours, ourKey(r.benchmark, r.id), { text: r.text, model: r.adapter, record: r });
    return { file, ours, llava, records: records.length, sha256 };
  }
  let rows: { line: number; value: Record<string, unknown> }[];
  try {
    rows = parseJsonLines<Record<string, unknown>>(file, text);
  } catch (error) {
    // Not JSON lines: perhaps one indented JSON object, MM-Vet's results file.
    let whole: unknown;
    try {
      whole = parseJsonText(file, text);
    } catch {
      throw error;
    }
    const map = resultsMap(whole);
    if (map === null) throw error;
    return fromMap(map);
  }
  const single = rows.length === 1 ? resultsMap(rows[0]!.value) : null;
  if (single !== null) return fromMap(single);
  for (const { line, value: row } of rows) {
    // MMVP's official evaluate_mllm.py stores the model's answer as "response".
    const text = row === null || typeof row !== "object" ? undefined : typeof row.text === "string" ? row.text : row.response;
    if (typeof text !== "string") {
      throw new DataError(
        `${file}, line ${line}: no "text" field; an answer file holds model answers ({"question_id", "text"} or our predictions.jsonl).`,
        { file, line },
      );
    }
    const answer: SavedAnswer = { text };
    if (typeof row.prompt === "string") answer.prompt = row.prompt;
    const model = typeof row.adapter === "string" ? row.adapter : typeof row.model_id === "string" ? row.model_id : undefined;
    if (model !== undefined) answer.model = model;
    if (typeof row.benchmark === "string" && typeof row.id === "string") {
      push(ours, ourKey(row.benchmark, row.id), answer);
    } else if (typeof row.question_id === "string" || typeof row.question_id === "number") {
      push(llava, String(row.question_id), answer);
    } else {
      throw new DataError(
        `${file}, line ${line}: neither {"benchmark","id"} (vlm-bench) nor {"question_id"} (LLaVA) identifies the answer.`,
        { file, line },
      );
    }
  }
  return { file, ours, llava, records: rows.length, sha256 };
}

function firstLine(text: string): unknown {
  const end = text.indexOf("\n");
  try {
    return JSON.parse(end === -1 ? text : text.slice(0, end));
  } catch {
    return undefined;
  }
}

/** The fields `vlm-bench run` writes on every predictions.jsonl line (a hand-made {"benchmark","id","text"} file is read as before). */
function isPredictionRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return ["benchmark", "id", "adapter", "prompt_sha", "text"].every((key) => typeof v[key] === "string");
}

/** Keys that make an object an answer record (of ours or LLaVA's), never a results map. */
const RECORD_KEYS = ["text", "response", "prompt", "question_id", "benchmark", "id"];

/**
 * A results file as MM-Vet's evaluator takes it (LLaVA's convert_mmvet_for_eval.py writes one,
 * indented): a single JSON object mapping each question id ("v1_0") to the answer text.
 * Null for anything else.
 */
function resultsMap(value: unknown): [string, string][] | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  if (RECORD_KEYS.some((key) => key in value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === "string")) return null;
  return entries as [string, string][];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** What identifies a sample: its benchmark and id, LLaVA's id(s) in `meta`, and the prompt sent. */
export interface AnswerLookup {
  benchmark: string;
  id: string;
  meta?: Record<string, unknown>;
  prompt: string;
}

/**
 * The saved answer for a sample. Ours match by benchmark and id (the last answer wins, or the
 * last by `model` when given). LLaVA's match by `meta.llava_ids` — tried in order, the first id
 * the file holds wins (e.g. POPE's merged-file id, then the per-split one) — else
 * `meta.question_id`, else the sample id; where one id names several answers (MME's two
 * questions per image) the answer's prompt decides: equal, equal apart from whitespace, or a
 * prefix of ours; of several equal candidates the last in the file wins.
 */
export function findAnswer(answers: AnswerFile, sample: AnswerLookup, model?: string): SavedAnswer | undefined {
  const own = answers.ours.get(ourKey(sample.benchmark, sample.id));
  if (own !== undefined) {
    const mine = model === undefined ? own : own.filter((a) => a.model === model);
    if (mine.length > 0) return mine[mine.length - 1];
  }
  const meta = sample.meta ?? {};
  const ids = Array.isArray(meta.llava_ids) ? meta.llava_ids : [meta.question_id ?? sample.id];
  const candidates = ids.map((id) => answers.llava.get(String(id))).find((list) => list !== undefined) ?? [];
  if (candidates.length <= 1) return candidates[0];
  // Of equal answers the last wins, as in the official scripts' {question_id: answer} dicts.
  if (candidates.every((c) => c.prompt === undefined)) return candidates[candidates.length - 1];
  const squash = (text: string) => text.replace(/\s+/g, "");
  return (
    candidates.findLast((c) => c.prompt === sample.prompt) ??
    candidates.findLast((c) => c.prompt !== undefined && squash(c.prompt) === squash(sample.prompt)) ??
    candidates.findLast((c) => c.prompt !== undefined && sample.prompt.startsWith(c.prompt))
  );
}
