/**
 * The loop every benchmark's hub reader shares: open each shard, check its columns, and hand
 * each row (with a way to turn its image struct into a file) to the benchmark's mapping.
 */
import { DataError } from "../errors.js";
import type { Sample } from "../types.js";
import type { ImageStore } from "./image-store.js";
import { type ColumnSpec, checkColumns, forEachRowGroup, openShard } from "./parquet.js";

export interface RowContext {
  file: string;
  /** Row number within the split (across its shards), from 0. */
  row: number;
  /** The image struct in `column` as a file path (re-scoring: a label only, never read). */
  image(sampleId: string, column?: string): Promise<string>;
}

export interface ReadRowsOptions {
  benchmark: string;
  images: ImageStore;
  annotationsOnly?: boolean;
}

/** Reads the split's shards in order; image columns are skipped entirely when only annotations are needed. */
export async function readHubRows(
  files: readonly string[],
  columns: readonly ColumnSpec[],
  options: ReadRowsOptions,
  each: (row: Record<string, unknown>, context: RowContext) => Promise<void> | void,
): Promise<void> {
  const wanted = options.annotationsOnly ? columns.filter((c) => c.kind !== "image") : columns;
  let offset = 0;
  for (const file of files) {
    const shard = await openShard(file);
    checkColumns(shard, wanted);
    await forEachRowGroup(
      shard,
      wanted.map((c) => c.name),
      async (rows, first) => {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const index = offset + first + i;
          await each(row, {
            file,
            row: index,
            image: async (sampleId, column = "image") => {
              if (options.annotationsOnly) return `${file}#row${index}`;
              const cell = row[column] as { bytes?: Uint8Array | null } | null | undefined;
              return options.images.put(cell?.bytes, { sampleId, file, benchmark: options.benchmark });
            },
          });
        }
      },
    );
    offset += shard.rows;
  }
}

/** A string cell, else a DataError naming the file, row and column. */
export function textCell(row: Record<string, unknown>, column: string, context: RowContext): string {
  const value = row[column];
  if (typeof value !== "string") {
    throw new DataError(
      `${context.file}: row ${context.row}, column "${column}": expected text, got ${value === null ? "null" : typeof value}. Download the dataset again.`,
      {
        file: context.file,
      },
    );
  }
  return value;
}

/** Refuses a split in which two rows give the same sample id. */
export function checkUniqueIds(samples: readonly Sample[], files: readonly string[]): void {
  const seen = new Set<string>();
  for (const sample of samples) {
    if (seen.has(sample.id)) {
      throw new DataError(
        `${files.join(", ")}: sample id ${sample.id} appears twice. Keep one config of the dataset (e.g. its default config, not also a Full copy of the same rows) and one copy of each shard.`,
        { file: files[0], sampleId: sample.id },
      );
    }
    seen.add(sample.id);
  }
}

/** The DataError for a benchmark folder whose snapshot lacks the split it needs. */
export function missingSplit(benchmark: string, root: string, wanted: string, found: readonly string[]): DataError {
  return new DataError(
    `${benchmark}: the Hugging Face snapshot in ${root} has no ${wanted} shards (it has ${found.length === 0 ? "no parquet files" : found.join(", ")}). ` +
      `Download the dataset the benchmark's README names (hf download … --repo-type dataset --local-dir DIR/<bench>).`,
    { file: root },
  );
}
