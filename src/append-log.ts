import { readFileSync, truncateSync } from "node:fs";
import { DataError } from "./errors.js";
import { decodeUtf8 } from "./json-files.js";

/** How to read one append-only JSON-lines log (predictions.jsonl, judge.jsonl). */
export interface AppendLogFormat<T> {
  isRecord(value: unknown): value is T;
  /** The record named for error messages, e.g. `prediction record ({"benchmark","id","text",…})`. */
  record: string;
  /** What is asked again when a line is lost, e.g. "its sample will be asked again". */
  redo: string;
}

/**
 * The records of an append-only log. A process killed mid-write leaves a partial last line;
 * appending after it would glue the next record onto it, so it is cut off the file (and `warn`
 * says so) — or, with `repair: false` (a reader that will not append), only left unread.
 * Any other line that is not a record, or bytes that are not UTF-8, are a DataError naming the file and line.
 */
export function readAppendLog<T>(
  file: string,
  format: AppendLogFormat<T>,
  warn: (message: string) => void,
  options: { repair?: boolean } = {},
): T[] {
  const bytes = readFileSync(file);
  const complete = bytes.length === 0 || bytes[bytes.length - 1] === NEWLINE ? bytes.length : bytes.lastIndexOf(NEWLINE) + 1;
  if (complete < bytes.length && options.repair !== false) {
    truncateSync(file, complete);
    warn(`${file}: dropped an incomplete last line left by an interrupted run; ${format.redo}.`);
  }
  return appendLogRecords(file, decodeUtf8(file, bytes.subarray(0, complete)), format);
}

/**
 * The records of an append-only log's text already read (e.g. by a caller that also hashed it):
 * its complete lines; a partial last line is left unread, as readAppendLog without repair does.
 */
export function appendLogRecords<T>(file: string, text: string, format: AppendLogFormat<T>): T[] {
  const records: T[] = [];
  const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!format.isRecord(value)) {
      throw new DataError(
        `${file}, line ${i + 1}: not a ${format.record}. Delete that line (${format.redo}) or use a fresh --out folder.`,
        { file, line: i + 1 },
      );
    }
    records.push(value);
  }
  return records;
}

const NEWLINE = 0x0a;
