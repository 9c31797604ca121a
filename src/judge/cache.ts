import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { type AppendLogFormat, readAppendLog } from "../append-log.js";
import type { JudgeRequest, Usage } from "../types.js";

export const JUDGE_FILE = "judge.jsonl";

/** One line of judge.jsonl: a judge reply, stored verbatim with what identifies its request. */
export interface JudgeRecord {
  /** sha256 of the judge fingerprint, the run and the exact request (see judgeKey). */
  key: string;
  judge: string;
  run: number;
  benchmark?: string;
  id?: string;
  max_tokens: number;
  temperature: number;
  text: string;
  /** The tokens the judge's adapter reported for this reply (absent in older files and when none were reported). */
  usage?: Usage;
  time: string;
}

/** A cached reply: its text and the tokens it cost when it was asked. */
export interface CachedReply {
  text: string;
  usage?: Usage;
}

/** The cache key: the judge's fingerprint, the run and every field of the request that reaches the model. */
export function judgeKey(fingerprint: string, request: JudgeRequest, seed: number): string {
  const exact = {
    judge: fingerprint,
    run: request.run ?? 0,
    seed,
    system: request.system ?? null,
    prompt: request.prompt,
    images: request.images ?? [],
    max_tokens: request.maxTokens,
    temperature: request.temperature,
  };
  return createHash("sha256").update(JSON.stringify(exact)).digest("hex");
}

/**
 * The append-only judge reply log in the output folder, read back on a rerun so that no
 * request is sent twice. Like predictions.jsonl: one synchronous write per reply, a line cut
 * short by a crash is dropped, a corrupt line is an error naming the file and line.
 */
export class JudgeCache {
  private readonly replies = new Map<string, CachedReply>();
  /** Opened on the first reply, so a run that never asks the judge leaves no file behind. */
  private fd: number | null = null;
  private closed = false;

  private constructor(
    readonly file: string,
    existing: JudgeRecord[],
  ) {
    for (const record of existing) this.replies.set(record.key, replyOf(record));
  }

  static open(file: string, warn: (message: string) => void = () => {}): JudgeCache {
    return new JudgeCache(file, existsSync(file) ? readAppendLog(file, JUDGE_LOG, warn) : []);
  }

  get size(): number {
    return this.replies.size;
  }

  get(key: string): CachedReply | undefined {
    return this.replies.get(key);
  }

  append(record: JudgeRecord): void {
    if (this.closed) throw new Error(`judge cache ${this.file} is closed`);
    if (this.replies.has(record.key)) return;
    if (this.fd === null) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = openSync(this.file, "a");
    }
    this.replies.set(record.key, replyOf(record));
    writeSync(this.fd, JSON.stringify(record) + "\n");
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.closed = true;
  }
}

function replyOf(record: JudgeRecord): CachedReply {
  return record.usage === undefined ? { text: record.text } : { text: record.text, usage: record.usage };
}

const JUDGE_LOG: AppendLogFormat<JudgeRecord> = {
  isRecord: (value): value is JudgeRecord => {
    const v = value as Partial<JudgeRecord> | undefined;
    return typeof v === "object" && v !== null && typeof v.key === "string" && typeof v.text === "string";
  },
  record: 'judge record ({"key","judge","run","text",…})',
  redo: "its request will be sent to the judge again",
};
