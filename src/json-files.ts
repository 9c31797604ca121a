import { readFile } from "node:fs/promises";
import { DataError } from "./errors.js";

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
    } catch (error) {
      throw new DataError(
        `${file}, line ${i + 1}: not valid JSON (${(error as Error).message}). ` +
          `Each line must hold one JSON object; fix or remove that line and run again.`,
        { file, line: i + 1, cause: error },
      );
    }
  }
  return rows;
}

/** Reads a whole-file JSON document; a parse error names the file. */
export async function readJsonFile<T = unknown>(file: string): Promise<T> {
  return parseJsonText<T>(file, await readText(file));
}

/** JSON.parse of a file's text; a parse error names the file. */
export function parseJsonText<T = unknown>(file: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DataError(
      `${file}: not valid JSON (${(error as Error).message}). Re-download or regenerate the file.`,
      { file, cause: error },
    );
  }
}

/** A file's text; an unreadable file is a DataError naming it. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new DataError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error}).`, {
      file,
      cause: error,
    });
  }
}
