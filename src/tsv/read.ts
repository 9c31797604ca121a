/**
 * Reads a VLMEvalKit benchmark TSV (one row per question, tab-separated, as pandas writes it)
 * with csv-parse, streamed row by row. Its `image` column holds a base64 image, or (to avoid
 * repeating one) another row's `index`; images become files in the ImageStore as they stream
 * by, so only paths stay in memory. Knows no benchmark: datasets/<bench>/tsv.ts map the columns.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { DataError } from "../errors.js";
import type { ImageStore } from "../hub/image-store.js";

export interface TsvRow {
  /** 1-based line of the row's start in the file (after the header). */
  line: number;
  values: Record<string, string>;
}

/** VLMEvalKit: an image cell of at most 64 characters names another row's index. */
const REFERENCE_MAX = 64;

export interface TsvReadOptions {
  benchmark: string;
  images: ImageStore;
  /** Skip the images (re-scoring needs only the answers). */
  annotationsOnly?: boolean;
  /** Columns every row must have (beyond index, and image when images are read). */
  columns: readonly string[];
}

/**
 * Every row, in file order, with `image` resolved to a file path (annotationsOnly: a label).
 * `sampleIdOf` names the row's sample in errors.
 */
export async function readTsv(file: string, options: TsvReadOptions): Promise<(TsvRow & { image: string })[]> {
  const parser = createReadStream(file).pipe(
    parse({ delimiter: "\t", columns: true, bom: true, relax_quotes: true, skip_empty_lines: true }),
  );
  const rows: (TsvRow & { image: string })[] = [];
  const pathOfIndex = new Map<string, string>();
  const pending: { row: TsvRow & { image: string }; ref: string }[] = [];
  const lineOfIndex = new Map<string, number>();
  const needed = ["index", ...(options.annotationsOnly ? [] : ["image"]), ...options.columns];
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (line === 2) {
        const missing = needed.filter((c) => !(c in record));
        if (missing.length > 0) {
          throw new DataError(
            `${file}: column "${missing[0]}" is missing (the header has ${Object.keys(record).join(", ")}). Download the TSV again from VLMEvalKit's DATASET_URL.`,
            { file },
          );
        }
      }
      const index = (record.index ?? "").trim();
      const row = { line, values: record, image: `${file}#index${index}` };
      if (index === "" || index === "nan") throw tsvError(file, row, `column "index" is empty`);
      const earlier = lineOfIndex.get(index);
      if (earlier !== undefined) throw tsvError(file, row, `row index ${index} appears twice (lines ${earlier} and ${line})`);
      lineOfIndex.set(index, line);
      if (!options.annotationsOnly) {
        const cell = (record.image ?? "").trim();
        if (cell === "" || cell === "nan") {
          throw new DataError(`${file}, line ${line}: ${options.benchmark} row index ${index} has no image. Download the TSV again.`, {
            file,
            line,
            sampleId: index,
          });
        }
        if (cell.length <= REFERENCE_MAX) {
          pending.push({ row, ref: cell });
        } else {
          row.image = await options.images.put(Buffer.from(cell, "base64"), {
            sampleId: `index ${index}`,
            file,
            benchmark: options.benchmark,
          });
          pathOfIndex.set(index, row.image);
        }
      }
      rows.push(row);
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(
      `${file}, near line ${line + 1}: not a readable TSV (${error instanceof Error ? error.message : String(error)}). Download it again.`,
      {
        file,
        line: line + 1,
        cause: error,
      },
    );
  }
  for (const { row, ref } of pending) {
    const target = pathOfIndex.get(ref);
    if (target === undefined) {
      throw new DataError(
        `${file}, line ${row.line}: row index ${row.values.index}'s image refers to index ${ref}, which has no image of its own. Download the TSV again.`,
        { file, line: row.line, sampleId: row.values.index },
      );
    }
    row.image = target;
  }
  return rows;
}

/** The DataError for a bad row: file, line, row index, what is wrong, and the fix. */
export function tsvError(file: string, row: TsvRow, problem: string): DataError {
  return new DataError(`${file}, line ${row.line}: ${problem} (row index ${row.values.index}). Download the TSV again.`, {
    file,
    line: row.line,
    sampleId: row.values.index,
  });
}

/** A cell that must hold text, else a DataError naming file, line and column. */
export function tsvText(file: string, row: TsvRow, column: string): string {
  const value = row.values[column];
  if (value === undefined || value === "") throw tsvError(file, row, `column "${column}" is empty`);
  return value;
}
