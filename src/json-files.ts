import { isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { DataError } from "./errors.js";
import { checkNoDuplicateKeys, DuplicateKeyFound, forEachArrayElement } from "./json-array.js";

/** Reads a JSON-lines file; a malformed line is an error naming the file and the line. */
export async function readJsonLines<T = unknown>(file: string): Promise<T[]> {
  return (await readJsonLineRecords<T>(file)).map((r) => r.value);
}

/** Like readJsonLines, with each value's 1-based line number (blank lines are skipped). */
export async function readJsonLineRecords<T = unknown>(file: string): Promise<{ line: number; value: T }[]> {
  return parseJsonLines<T>(file, await readText(file));
}

/**
 * The JSON lines of `text` (read from `file`, named in errors). An append-only log that a killed
 * run may have cut short (predictions.jsonl) is read by src/append-log.ts instead.
 */
export function parseJsonLines<T = unknown>(file: string, text: string): { line: number; value: T }[] {
  const rows: { line: number; value: T }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    try {
      rows.push({ line: i + 1, value: JSON.parse(line) as T });
      if (line.includes(",")) checkNoDuplicateKeys(line); // one key can't repeat without a comma
    } catch (error) {
      if (error instanceof DuplicateKeyFound) throw duplicateKeyError(file, i + 1, error);
      throw new DataError(
        `${file}, line ${i + 1}: not valid JSON (${(error as Error).message}). ` +
          `Each line must hold one JSON object; fix or remove that line and run again.`,
        { file, line: i + 1, cause: error },
      );
    }
  }
  return rows;
}

/** Reads a whole-file JSON document; a parse error or a repeated key names the file (and line). */
export async function readJsonFile<T = unknown>(file: string): Promise<T> {
  return parseJsonText<T>(file, await readText(file));
}

/**
 * JSON.parse of a file's text; a parse error names the file. An object that repeats a key is
 * refused (JSON.parse would keep the last and drop the other silently) unless `keysChecked`
 * says the text was already scanned (an element from forEachJsonArrayElement).
 */
export function parseJsonText<T = unknown>(file: string, text: string, options: { keysChecked?: boolean } = {}): T {
  let value: T;
  try {
    value = JSON.parse(text) as T;
  } catch (error) {
    throw new DataError(`${file}: not valid JSON (${(error as Error).message}). Re-download or regenerate the file.`, {
      file,
      cause: error,
    });
  }
  if (!options.keysChecked) withLine(file, text, () => checkNoDuplicateKeys(text));
  return value;
}

/**
 * forEachArrayElement (src/json-array.ts) of a file's text, with a repeated key refused as a
 * DataError naming the file, the line and the key.
 */
export function forEachJsonArrayElement(file: string, text: string, key: string, visit: (json: string, index: number) => void): boolean {
  return withLine(file, text, () => forEachArrayElement(text, key, visit));
}

function withLine<R>(file: string, text: string, scan: () => R): R {
  try {
    return scan();
  } catch (error) {
    if (error instanceof DuplicateKeyFound) throw duplicateKeyError(file, lineAt(text, error.offset), error);
    throw error;
  }
}

function duplicateKeyError(file: string, line: number, found: DuplicateKeyFound): DataError {
  return new DataError(
    `${file}, line ${line}: key ${JSON.stringify(found.key)} appears a second time in the same object. ` +
      `JSON readers keep only the last one, so an entry would silently disappear; restore the official file or remove the repeat.`,
    { file, line, sampleId: found.key },
  );
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const BOM = "\ufeff";

/**
 * A file's text, decoded as strict UTF-8 (a leading byte-order mark is dropped). Bytes that are
 * not UTF-8 are refused, naming the line: decoding them to U+FFFD would send a mangled prompt to
 * the model (the official Python tools fail on such a file too). An unreadable file is a DataError.
 */
export async function readText(file: string): Promise<string> {
  return decodeUtf8(file, await readBytes(file));
}

/** A file's bytes; an unreadable file is a DataError naming it. */
export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new DataError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error}).`, {
      file,
      cause: error,
    });
  }
}

/** Strict UTF-8 decoding of `bytes` read from `file` (named, with the line, in the error). */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  // Node's isUtf8 (simdutf) checks 160 MB in ~10 ms, where a fatal TextDecoder took ~0.4 s more than plain decoding.
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    return text.startsWith(BOM) ? text.slice(1) : text;
  }
  try {
    return UTF8.decode(bytes); // throws: the error below names the line
  } catch (error) {
    const line = firstBadLine(bytes);
    throw new DataError(
      `${file}, line ${line}: not UTF-8 text (a byte sequence there is not valid UTF-8). ` +
        `Re-download the file, or convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8).`,
      { file, line, cause: error },
    );
  }
}

function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (newline < 0) return line;
    start = newline + 1;
  }
}
