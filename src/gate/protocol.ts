import { VlmBenchError } from "../errors.js";
import type { LoadedRun, PredictionRecord } from "../run-folder/index.js";

/** The two runs cannot be compared (exit 2); `reasons` says why, one line each. */
export class NotComparableError extends VlmBenchError {
  constructor(
    readonly reasons: readonly string[],
    baseline: string,
    candidate: string,
  ) {
    super(`cannot compare ${candidate} with the baseline ${baseline}: ${reasons.join("; ")}.`, { exitCode: 2 });
  }
}

/**
 * The harness's protocol version: the major version of `vlm-bench@x.y.z`, or `0.y` before 1.0
 * (semver: a 0.x minor release may change prompts, parsers or scorers). Runs from different
 * protocol versions are not compared; re-create the baseline after upgrading across one.
 */
export function protocolVersion(harness: string): string {
  const m = /@(\d+)\.(\d+)\.\d+/.exec(harness);
  if (m === null) return harness;
  return m[1] === "0" ? `0.${m[2]}` : m[1]!;
}

/**
 * Prompt hashes of the answers a run was scored on, by benchmark and item id: the run's own
 * adapter fingerprint, the last record per item (a changed prompt is asked again and appended).
 * Null when the run folder has no predictions.jsonl (or the run was loaded without it); an item
 * whose prompt is unknown (prompt_sha "") has none.
 */
export function promptHashes(run: LoadedRun): Map<string, Map<string, string>> | null {
  if (run.predictions === undefined || run.predictions === null) return null;
  const cached = hashesOf.get(run.predictions);
  if (cached !== undefined) return cached;
  const byBenchmark = new Map<string, Map<string, string>>();
  for (const record of run.predictions) {
    let map = byBenchmark.get(record.benchmark);
    if (map === undefined) byBenchmark.set(record.benchmark, (map = new Map()));
    // "": an answer file that gave no prompt (`score`): nothing to compare, rather than a mismatch.
    if (record.prompt_sha === "") map.delete(record.id);
    else map.set(record.id, record.prompt_sha);
  }
  hashesOf.set(run.predictions, byBenchmark);
  return byBenchmark;
}

/**
 * One index per predictions array read: the HTML report gates every ordered pair of its runs
 * (reports/html/compare-data.ts), so each run's hashes would otherwise be rebuilt 2(n − 1) times.
 */
const hashesOf = new WeakMap<readonly PredictionRecord[], Map<string, Map<string, string>>>();

/**
 * Why one benchmark's common items cannot be compared, or [] when they can: a different ground
 * truth (another dataset release) or a different prompt (another protocol) on any common item.
 */
export function itemMismatches(
  benchmark: string,
  ids: readonly string[],
  baseline: { targets: readonly unknown[]; prompts: Map<string, string> | undefined },
  candidate: { targets: readonly unknown[]; prompts: Map<string, string> | undefined },
): string[] {
  const reasons: string[] = [];
  // targets[i] is the ground truth of ids[i] in each run (arrays aligned with ids: no maps over 214k items).
  const targetDiff = ids.filter((_, i) => !sameTarget(baseline.targets[i], candidate.targets[i]));
  if (targetDiff.length > 0) {
    reasons.push(
      `${benchmark}: the ground truth differs on ${targetDiff.length} of ${ids.length} common items (e.g. "${targetDiff[0]}") — ` +
        `the runs used different dataset files`,
    );
  }
  if (baseline.prompts !== undefined && candidate.prompts !== undefined) {
    const promptDiff = ids.filter((id) => {
      const a = baseline.prompts!.get(id);
      const b = candidate.prompts!.get(id);
      return a !== undefined && b !== undefined && a !== b;
    });
    if (promptDiff.length > 0) {
      reasons.push(
        `${benchmark}: the prompt differs on ${promptDiff.length} of ${ids.length} common items (e.g. "${promptDiff[0]}") — ` +
          `the runs followed different protocols`,
      );
    }
  }
  return reasons;
}

/** Ground truths are equal: strings and lists of strings compared directly (VQAv2's 214k ten-answer lists), anything else as JSON. */
function sameTarget(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (a.every((x, i) => x === b[i])) return true;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
