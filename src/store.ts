import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { type PredictionRecord, readPredictions } from "./run-folder/predictions-jsonl.js";

export type { PredictionRecord };

export function promptSha(prompt: string): string {
  return createHash("sha256").update(prompt).digest("hex").slice(0, 16);
}

const keyOf = (benchmark: string, id: string, adapter: string, sha: string) => `${benchmark}\u0000${id}\u0000${adapter}\u0000${sha}`;

/**
 * The append-only prediction log, the resume source, and predictions.jsonl's one writer (its
 * one reader is src/run-folder/predictions-jsonl.ts). Each record is written with one
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
    return new PredictionStore(file, existsSync(file) ? readPredictions(file, { repair: true, warn }) : []);
  }

  get size(): number {
    return this.records.size;
  }

  find(benchmark: string, id: string, adapter: string, sha: string): PredictionRecord | undefined {
    return this.records.get(keyOf(benchmark, id, adapter, sha));
  }

  append(record: PredictionRecord): void {
    this.appendAll([record]);
  }

  /**
   * Appends many records at once (`score` records every answer it scored): lines are joined into
   * writes of about 1 MB, as one write per line made 214k system calls on a VQAv2-sized file.
   */
  appendAll(records: Iterable<PredictionRecord>): void {
    if (this.fd === null) throw new Error(`prediction store ${this.file} is closed`);
    let chunk = "";
    for (const record of records) {
      const key = keyOf(record.benchmark, record.id, record.adapter, record.prompt_sha);
      if (this.records.has(key)) continue; // never write a duplicate line
      this.records.set(key, record);
      chunk += JSON.stringify(record) + "\n";
      if (chunk.length >= 1 << 20) {
        writeSync(this.fd, chunk);
        chunk = "";
      }
    }
    if (chunk !== "") writeSync(this.fd, chunk);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
