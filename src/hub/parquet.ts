/**
 * Reads Hugging Face parquet shards with hyparquet, one row group at a time, after checking that
 * every column a benchmark needs is there with the type it needs. Knows no benchmark: the
 * datasets/<bench>/hub.ts files say which columns they read and what they mean.
 */

import type { FileMetaData, SchemaTree } from "hyparquet";
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { DataError } from "../errors.js";

/**
 * What a column must hold. `image` is the datasets library's Image feature, a struct
 * {bytes: binary, path: string}; `string-list` a list of strings (ScienceQA's choices);
 * `struct` a group with at least the named fields; `struct-list` a list of such structs
 * (VQAv2's answers).
 */
export type ColumnKind = "string" | "integer" | "boolean" | "image" | "string-list" | "struct" | "struct-list";

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** Fields a `struct` / `struct-list` column must have. */
  fields?: readonly string[];
}

export interface ParquetShard {
  file: string;
  metadata: FileMetaData;
  rows: number;
}

/** Opens a shard and reads its footer; a truncated or foreign file is a DataError naming it. */
export async function openShard(file: string): Promise<ParquetShard> {
  try {
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    return { file, metadata, rows: Number(metadata.num_rows) };
  } catch (error) {
    throw new DataError(
      `${file}: not a readable parquet file (${reason(error)}). It is truncated or damaged: download it again (hf download … --repo-type dataset).`,
      { file, cause: error },
    );
  }
}

/** Checks each wanted column's presence and type; the first problem is a DataError naming file and column. */
export function checkColumns(shard: ParquetShard, wanted: readonly ColumnSpec[]): void {
  const root = parquetSchema(shard.metadata);
  const byName = new Map(root.children.map((c) => [c.element.name, c]));
  for (const spec of wanted) {
    const node = byName.get(spec.name);
    if (node === undefined) {
      throw new DataError(
        `${shard.file}: column "${spec.name}" is missing (the file has ${[...byName.keys()].join(", ")}). ` +
          `This is not the expected Hugging Face dataset, or an old revision of it: download the repository the benchmark's README names.`,
        { file: shard.file },
      );
    }
    const problem = typeProblem(node, spec);
    if (problem !== null) {
      throw new DataError(
        `${shard.file}: column "${spec.name}" ${problem}; expected ${describeKind(spec)}. Download the dataset again from the repository the benchmark's README names.`,
        {
          file: shard.file,
        },
      );
    }
  }
}

/**
 * Calls `onRows` with each row group's rows (objects keyed by column name), in file order,
 * awaiting it before the next group is decoded: at most one row group is in memory. Binary
 * columns stay bytes (utf8: false); string-typed columns are decoded as text.
 */
export async function forEachRowGroup(
  shard: ParquetShard,
  columns: readonly string[],
  onRows: (rows: Record<string, unknown>[], firstRow: number) => Promise<void> | void,
): Promise<void> {
  const buffer = await asyncBufferFromFile(shard.file);
  let start = 0;
  for (const group of shard.metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await readRange(shard, await prefetched(buffer, group, columns), columns, start, end);
    await onRows(rows, start);
    start = end;
  }
}

type FileBuffer = Awaited<ReturnType<typeof asyncBufferFromFile>>;

/**
 * The row group's wanted column chunks read in one request (they are contiguous or nearly so),
 * served from memory; anything else from the file. Without it hyparquet reads each page
 * range separately, and on a VQAv2-sized snapshot the many small reads dominate.
 */
async function prefetched(file: FileBuffer, group: FileMetaData["row_groups"][number], columns: readonly string[]): Promise<FileBuffer> {
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined || !columns.includes(meta.path_in_schema[0]!)) continue;
    const begin = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
    from = Math.min(from, begin, Number(meta.data_page_offset));
    to = Math.max(to, begin + Number(meta.total_compressed_size));
  }
  if (!(from < to)) return file;
  const bytes = await file.slice(from, to);
  return {
    byteLength: file.byteLength,
    slice: (s: number, e?: number) =>
      s >= from && (e ?? file.byteLength) <= to ? bytes.slice(s - from, (e ?? file.byteLength) - from) : file.slice(s, e),
  };
}

async function readRange(
  shard: ParquetShard,
  file: FileBuffer,
  columns: readonly string[],
  rowStart: number,
  rowEnd: number,
): Promise<Record<string, unknown>[]> {
  const read = (cols: string[]) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      parquetRead({
        file,
        metadata: shard.metadata,
        columns: cols,
        rowStart,
        rowEnd,
        rowFormat: "object",
        utf8: false,
        compressors,
        onComplete: (rows) => resolve(rows as Record<string, unknown>[]),
      }).catch(reject);
    });
  try {
    return await read([...columns]);
  } catch (error) {
    // Name the damaged column: read each alone until one fails.
    for (const column of columns) {
      const failed = await read([column]).then(
        () => null,
        (e: unknown) => e,
      );
      if (failed !== null) {
        throw new DataError(
          `${shard.file}: column "${column}" cannot be decoded in rows ${rowStart}–${rowEnd - 1} (${reason(failed)}). The file is damaged: download it again.`,
          { file: shard.file, cause: failed },
        );
      }
    }
    throw new DataError(
      `${shard.file}: rows ${rowStart}–${rowEnd - 1} cannot be decoded (${reason(error)}). The file is damaged: download it again.`,
      {
        file: shard.file,
        cause: error,
      },
    );
  }
}

function typeProblem(node: SchemaTree, spec: ColumnSpec): string | null {
  const { element } = node;
  const leaf = node.children.length === 0;
  switch (spec.kind) {
    case "string":
      return leaf && element.type === "BYTE_ARRAY" && isText(node) ? null : `is ${describeNode(node)}`;
    case "integer":
      return leaf && (element.type === "INT32" || element.type === "INT64") ? null : `is ${describeNode(node)}`;
    case "boolean":
      return leaf && element.type === "BOOLEAN" ? null : `is ${describeNode(node)}`;
    case "image": {
      const bytes = node.children.find((c) => c.element.name === "bytes");
      if (leaf || bytes === undefined || bytes.element.type !== "BYTE_ARRAY") return `is ${describeNode(node)}`;
      return null;
    }
    case "struct": {
      if (leaf || listElement(node) !== null) return `is ${describeNode(node)}`;
      const missing = (spec.fields ?? []).filter((f) => !node.children.some((c) => c.element.name === f));
      return missing.length === 0 ? null : `lacks the field(s) ${missing.join(", ")}`;
    }
    case "string-list": {
      const item = listElement(node);
      return item !== null && item.children.length === 0 && item.element.type === "BYTE_ARRAY" ? null : `is ${describeNode(node)}`;
    }
    case "struct-list": {
      const item = listElement(node);
      if (item === null || item.children.length === 0) return `is ${describeNode(node)}`;
      const missing = (spec.fields ?? []).filter((f) => !item.children.some((c) => c.element.name === f));
      return missing.length === 0 ? null : `holds structs without the field(s) ${missing.join(", ")}`;
    }
  }
}

/** The element node of a 3-level parquet LIST (group LIST → repeated group → element), else null. */
function listElement(node: SchemaTree): SchemaTree | null {
  const isList = node.element.converted_type === "LIST" || node.element.logical_type?.type === "LIST";
  if (!isList || node.children.length !== 1) return null;
  const repeated = node.children[0]!;
  return repeated.children.length === 1 ? repeated.children[0]! : repeated;
}

function isText(node: SchemaTree): boolean {
  const { converted_type: converted, logical_type: logical } = node.element;
  return converted === "UTF8" || logical?.type === "STRING" || (converted === undefined && logical === undefined);
}

function describeNode(node: SchemaTree): string {
  if (node.children.length > 0) {
    const item = listElement(node);
    if (item !== null) return `a list of ${describeNode(item)}`;
    return `a struct {${node.children.map((c) => c.element.name).join(", ")}}`;
  }
  const { type, converted_type: converted, logical_type: logical } = node.element;
  const annotation = logical?.type ?? converted;
  return `${type}${annotation === undefined ? "" : ` (${annotation})`}`;
}

function describeKind(spec: ColumnSpec): string {
  const fields = spec.fields === undefined ? "" : ` {${spec.fields.join(", ")}}`;
  const text: Record<ColumnKind, string> = {
    string: "a string column",
    integer: "an integer column",
    boolean: "a boolean column",
    image: "an image struct {bytes, path}",
    "string-list": "a list of strings",
    struct: `a struct${fields}`,
    "struct-list": `a list of structs${fields}`,
  };
  return text[spec.kind];
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An integer cell (INT32 arrives as number, INT64 as bigint) as a safe JS number, else null. */
export function integerCell(value: unknown): number | null {
  if (typeof value === "bigint")
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : null;
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}
