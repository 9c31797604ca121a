import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.js";
import { schemaChecker } from "../schema.js";
import type { ItemResult } from "../types.js";
import { writeFileAtomic } from "./atomic.js";
import { ITEMS_FILE } from "./names.js";
import { ITEM_LINE_SCHEMA } from "./schemas.js";

/** One line of items.jsonl: a scored sample, tagged with its benchmark. */
export interface ItemLine extends ItemResult {
  benchmark: string;
  target: unknown;
}

/** The validator is compiled once; each of VQAv2 val's 214k lines then costs about a microsecond. */
const checkItem = schemaChecker(ITEM_LINE_SCHEMA);

const REBUILD =
  "Delete it and run the same command again (`vlm-bench run` or `score` with the same --out): items.jsonl is rebuilt " +
  "from predictions.jsonl, and no model call is repeated.";

/** items.jsonl's lines grouped by benchmark, in file order; each line checked against ITEM_LINE_SCHEMA. */
export function readItems(file: string): Map<string, ItemLine[]> {
  const items = new Map<string, ItemLine[]>();
  forEachItem(file, (item) => {
    let list = items.get(item.benchmark);
    if (list === undefined) items.set(item.benchmark, (list = []));
    list.push(item);
  });
  return items;
}

/**
 * Rewrites `dir/items.jsonl`: the given benchmarks' items replace theirs; other benchmarks' lines stay
 * when `keep(benchmark)` says they belong to the results.json being written (default: all stay), so
 * lines no results.json accounts for (another model's, left after its results.json was deleted) go.
 */
export function writeItems(
  dir: string,
  fresh: ReadonlyMap<string, readonly ItemLine[]>,
  keep: (benchmark: string) => boolean = () => true,
): void {
  const file = path.join(dir, ITEMS_FILE);
  const kept: string[] = [];
  if (existsSync(file)) forEachItem(file, (item, text) => fresh.has(item.benchmark) || !keep(item.benchmark) || kept.push(text));
  writeFileAtomic(file, itemLines(kept, fresh));
}

function* itemLines(kept: readonly string[], fresh: ReadonlyMap<string, readonly ItemLine[]>): Generator<string> {
  for (const line of kept) yield line + "\n";
  for (const items of fresh.values()) for (const item of items) yield JSON.stringify(item) + "\n";
}

/** Hands every line of an items.jsonl to `use`, parsed and checked: a bad line or an item listed twice is a DataError naming file and line. */
function forEachItem(file: string, use: (item: ItemLine, text: string) => unknown): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DataError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error}).`, { file, cause: error });
  }
  // Ids per benchmark: no joined key string per line (VQAv2 val has 214k lines).
  const seen = new Map<string, Set<string>>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const at = { file, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DataError(`${file}, line ${i + 1}: not valid JSON (${(error as Error).message}). ${REBUILD}`, { ...at, cause: error });
    }
    const problem = bothOutcomes(value) ?? checkItem(value);
    if (problem !== null) {
      throw new DataError(
        `${file}, line ${i + 1}: not an item line: ${problem.message}. Each line is {"benchmark","id","parsed","correct" (0/1) or "score" (0..1),…}. ${REBUILD}`,
        { ...at, jsonPath: problem.pointer },
      );
    }
    const item = value as ItemLine;
    let ids = seen.get(item.benchmark);
    if (ids === undefined) seen.set(item.benchmark, (ids = new Set()));
    if (ids.has(item.id)) {
      throw new DataError(`${file}, line ${i + 1}: ${item.benchmark} item "${item.id}" appears twice. ${REBUILD}`, {
        ...at,
        sampleId: item.id,
      });
    }
    ids.add(item.id);
    use(item, line);
  }
}

/** A line with both outcomes would be averaged by one rule and tested by another: refused. */
function bothOutcomes(value: unknown): { message: string; pointer: string } | null {
  const v = value as { correct?: unknown; score?: unknown } | null;
  if (typeof v !== "object" || v === null || v.correct === undefined || v.score === undefined) return null;
  return { message: '(root): has both "correct" and "score" (an item is either right/wrong or graded)', pointer: "" };
}

/** The item's outcome for averaging: its graded score, else its 0/1 correctness, else undefined. */
export function itemValue(item: { correct?: 0 | 1; score?: number }): number | undefined {
  return item.score ?? item.correct;
}
