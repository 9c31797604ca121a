import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { readAppendLog, type AppendLogFormat } from "./append-log.js";
import type { Usage } from "./types.js";

/** One line of predictions.jsonl: a raw model output, stored verbatim. */
export interface PredictionRecord {
  benchmark: string;
  id: string;
  /** The adapter fingerprint (ModelAdapter.id). */
  adapter: string;
  /** Hash of the prompt, so that a changed prompt is asked again rather than reused. */
  prompt_sha: string;
  text: string;
  latency_ms: number;
  usage?: Usage;
  time: string;
}

export function promptSha(prompt: string): string {
  return createHash("sha256").update(prompt).digest("hex").slice(0, 16);
}

const keyOf = (benchmark: string, id: string, adapter: string, sha: string) =>
  `${benchmark}\u0000${id}\u0000${adapter}\u0000${sha}`;

/**
 * The append-only prediction log, the resume source. Each record is written with one
 * synchronous write as soon as it arrives, so a killed process loses only requests in flight.
 */
export class PredictionStore {
  private readonly records = new Map<string, PredictionRecord>();
  private fd: number | null;

  private constructor(
    readonly file: string,
    existing: PredictionRecord[],
  ) {
    for (const record of existing) {
      this.records.set(keyOf(record.benchmark, record.id, record.adapter, record.prompt_sha), record);
    }
    this.fd = openSync(file, "a");
  }

  /** Opens (or creates) a store; a line cut short by a crash is dropped, a corrupt one is an error. */
  static open(file: string, warn: (message: string) => void = () => {}): PredictionStore {
    return new PredictionStore(file, existsSync(file) ? readAppendLog(file, PREDICTION_LOG, warn) : []);
  }

  get size(): number {
    return this.records.size;
  }

  find(benchmark: string, id: string, adapter: string, sha: string): PredictionRecord | undefined {
    return this.records.get(keyOf(benchmark, id, adapter, sha));
  }

  append(record: PredictionRecord): void {
    if (this.fd === null) throw new Error(`prediction store ${this.file} is closed`);
    const key = keyOf(record.benchmark, record.id, record.adapter, record.prompt_sha);
    if (this.records.has(key)) return; // never write a duplicate line
    this.records.set(key, record);
    writeSync(this.fd, JSON.stringify(record) + "\n");
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

const PREDICTION_LOG: AppendLogFormat<PredictionRecord> = {
  isRecord,
  record: 'prediction record ({"benchmark","id","adapter","prompt_sha","text",…})',
  redo: "its sample will be asked again",
};

function isRecord(value: unknown): value is PredictionRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.benchmark === "string" &&
    typeof v.id === "string" &&
    typeof v.adapter === "string" &&
    typeof v.prompt_sha === "string" &&
    typeof v.text === "string"
  );
}

/** Every record of a predictions.jsonl, in file order (a merge reads each shard's file whole). */
export function readPredictionRecords(file: string, warn: (message: string) => void = () => {}): PredictionRecord[] {
  return existsSync(file) ? readAppendLog(file, PREDICTION_LOG, warn) : [];
}
