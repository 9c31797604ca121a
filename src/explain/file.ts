import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.js";

export const EXPLAIN_FILE = "explain.json";

/** One relevancy map of explain.json (version 1, issue 15 / SPEC §6). */
export interface ExplainMap {
  benchmark: string;
  sample: string;
  /** `KIND:NAME` as the user gave it. */
  model: string;
  method: "occlusion" | "adapter";
  /** Rows (= columns) of `values`; an adapter-supplied map keeps its own size. */
  grid: number;
  /** Row-major, top row first; higher = more relevant. Occlusion: drop of the answer's first-token log-probability, nats. */
  values: number[][];
  answer: string;
  /** Cells whose value is a lower bound (the answer's token was not among the occluded request's top-k), as [row, col]. */
  bounded: [number, number][];
  /** The overlay PNG, relative to the explain folder. */
  overlay?: string;
}

export interface ExplainFile {
  version: 1;
  maps: ExplainMap[];
}

export function writeExplainFile(dir: string, maps: readonly ExplainMap[]): string {
  const file = path.join(dir, EXPLAIN_FILE);
  writeFileSync(file, `${JSON.stringify({ version: 1, maps: [...maps] } satisfies ExplainFile, null, 1)}\n`);
  return file;
}

/** Reads `DIR/explain.json` (or the file itself), checking the shape each reader relies on. */
export function readExplainFile(dirOrFile: string): { file: string; explain: ExplainFile } {
  const file = dirOrFile.endsWith(".json") ? dirOrFile : path.join(dirOrFile, EXPLAIN_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataError(
      `${file}: cannot read an explain.json (${(error as Error).message}); point --explain at a \`vlm-bench explain\` output folder.`,
      { file, cause: error },
    );
  }
  const v = value as Partial<ExplainFile>;
  if (v?.version !== 1 || !Array.isArray(v.maps))
    throw new DataError(`${file}: not an explain.json version 1 ({"version": 1, "maps": [...]}).`, { file });
  v.maps.forEach((map, i) => {
    const problem = mapProblem(map);
    if (problem !== null) throw new DataError(`${file}: /maps/${i} ${problem}.`, { file });
  });
  return { file, explain: v as ExplainFile };
}

function mapProblem(map: ExplainMap): string | null {
  if (typeof map !== "object" || map === null) return "is not an object";
  for (const key of ["benchmark", "sample", "model", "answer"] as const) if (typeof map[key] !== "string") return `has no string "${key}"`;
  if (map.method !== "occlusion" && map.method !== "adapter")
    return `has method ${JSON.stringify(map.method)} (expected "occlusion" or "adapter")`;
  if (!Array.isArray(map.values) || map.values.length !== map.grid) return `"values" does not have "grid" (${map.grid}) rows`;
  if (!map.values.every((row) => Array.isArray(row) && row.length === map.values[0]!.length && row.every(Number.isFinite))) {
    return `"values" is not rows of equal length of finite numbers`;
  }
  if (!Array.isArray(map.bounded)) return `has no "bounded" list`;
  return null;
}
