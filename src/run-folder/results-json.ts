import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.js";
import { harnessId } from "../package-info.js";
import { schemaChecker } from "../schema.js";
import type { ResultsFile } from "../types.js";
import { writeFileAtomic } from "./atomic.js";
import { ITEMS_FILE, PREDICTIONS_FILE, RESULTS_FILE } from "./names.js";
import { RESULTS_SCHEMA } from "./schemas.js";

const checkResults = schemaChecker(RESULTS_SCHEMA);

/**
 * Reads a results.json: the version is checked first, so an older or foreign file is named as
 * such, then the whole file against RESULTS_SCHEMA, so a damaged one is refused with the JSON
 * path of the first problem rather than misread.
 */
export function readResults(file: string): ResultsFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataError(`${file}: not a readable results.json (${(error as Error).message}).`, { file, cause: error });
  }
  const v = value as Partial<ResultsFile> | null;
  if (v?.version !== 1 || typeof v.benchmarks !== "object" || typeof v.model !== "object") {
    throw new DataError(`${file}: not a vlm-bench results.json of version 1 (it has no "version": 1, "model" and "benchmarks").`, {
      file,
    });
  }
  const problem = checkResults(value);
  if (problem !== null) {
    throw new DataError(
      `${file}: not a valid results.json: ${problem.message}. Rewrite it with \`vlm-bench run\` or \`vlm-bench score\` ` +
        `(same --out: answers are reused), or fix that field (format: README, "results.json").`,
      { file, jsonPath: problem.pointer },
    );
  }
  return value as ResultsFile;
}

/** Writes `dir/results.json` atomically. */
export function writeResults(dir: string, results: ResultsFile): void {
  writeResultsFile(path.join(dir, RESULTS_FILE), results);
}

/** Writes a results.json at `file` atomically (e.g. back where `table --ci` read it). */
export function writeResultsFile(file: string, results: ResultsFile): void {
  writeFileAtomic(file, JSON.stringify(results, null, 2) + "\n");
}

/**
 * The results already in `outDir` for the same model fingerprint, to merge a resumed run into.
 * Another model's results there are refused (exit 2), never replaced: results.json and items.jsonl
 * hold one model, and mixing two would leave the old model's items next to the new one's scores.
 */
export function previousResults(outDir: string, fingerprint: string): ResultsFile | null {
  const file = path.join(outDir, RESULTS_FILE);
  if (!existsSync(file)) return null;
  const results = readResults(file);
  if (results.model.fingerprint === fingerprint) return results;
  throw new DataError(
    `${file} holds the results of another model (${results.model.fingerprint}), not of ${fingerprint} ` +
      `(a fingerprint is the model and its generation settings). They are kept: use another --out for this run, ` +
      `or delete ${RESULTS_FILE} and ${ITEMS_FILE} there to replace them (the answers in ${PREDICTIONS_FILE} are reused either way).`,
    { file },
  );
}

/**
 * A results.json for `model`, carrying over what `previous` (the same model's results in the same
 * folder) had: its benchmarks, factors, row label and prices, with the new ones on top.
 */
export function startResults(
  model: Pick<ResultsFile["model"], "adapter" | "name" | "fingerprint" | "settings" | "label" | "prices">,
  previous: ResultsFile | null,
  factors: Record<string, string>,
): ResultsFile {
  const label = model.label ?? previous?.model.label;
  const prices = model.prices ?? previous?.model.prices;
  return {
    version: 1,
    harness: harnessId,
    created: new Date().toISOString(),
    model: {
      adapter: model.adapter,
      name: model.name,
      ...(label !== undefined ? { label } : {}),
      fingerprint: model.fingerprint,
      settings: model.settings,
      factors: { ...previous?.model.factors, ...factors },
      ...(prices !== undefined ? { prices } : {}),
    },
    benchmarks: { ...previous?.benchmarks },
  };
}
