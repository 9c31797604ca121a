import { DataError, UsageError } from "../errors.js";
import type { LoadedRun } from "../run-folder/index.js";
import { assertFullColumnRank, CollinearColumnError } from "../stats/ols.js";

/** One dummy column: 1 when the run's `factor` is `level`, 0 at the baseline level. */
export interface DummyColumn {
  factor: string;
  level: string;
}

/** The dummy coding shared by every benchmark of an effects analysis. */
export interface Design {
  factors: string[];
  /** The reference level of each factor. */
  baseline: Record<string, string>;
  /** Each factor's levels, baseline first, then in order of first appearance. */
  levels: Record<string, string[]>;
  /** The non-baseline levels, factor by factor; the model's columns after the intercept. */
  columns: DummyColumn[];
  /** Each run's row of the design matrix, intercept first. */
  rows: number[][];
}

/** `"llm=gemma-2b,vision=clip"` → `{llm: "gemma-2b", vision: "clip"}`. */
export function parseBaselineOption(text: string | undefined): Record<string, string> {
  const baseline: Record<string, string> = {};
  if (text === undefined) return baseline;
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")) {
    const eq = pair.indexOf("=");
    if (eq <= 0 || eq === pair.length - 1)
      throw new UsageError(`--baseline "${pair}" is not key=value (e.g. --baseline llm=gemma-2b,vision=clip).`);
    baseline[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return baseline;
}

/**
 * Dummy-codes the runs' design factors against the baseline levels (default: the first run's
 * level of each factor). Errors name the run and the factor: a run without the factor, a factor
 * with a single level, a baseline level no run has, and factor levels that the runs cannot tell
 * apart (collinear columns, e.g. every 7B model also used the other vision encoder).
 */
export function buildDesign(runs: readonly LoadedRun[], factors: readonly string[], baselineOption: Record<string, string> = {}): Design {
  if (factors.length === 0) throw new UsageError("--factors names no factor (e.g. --factors llm,vision).");
  if (runs.length < 2) throw new UsageError("effects needs at least two runs that differ in a design factor.");
  for (const key of Object.keys(baselineOption)) {
    if (!factors.includes(key))
      throw new UsageError(`--baseline ${key}=${baselineOption[key]}: "${key}" is not among --factors (${factors.join(", ")}).`);
  }
  for (const run of runs) {
    const own = run.results.model.factors ?? {};
    for (const factor of factors) {
      if (typeof own[factor] === "string" && own[factor] !== "") continue;
      const has = Object.entries(own).map(([k, v]) => `${k}=${v}`);
      throw new DataError(
        `${run.label}: the run has no design factor "${factor}" (${has.length > 0 ? `its factors: ${has.join(", ")}` : "it has no factors at all"}). ` +
          `Record factors when running (\`vlm-bench run --factor ${factor}=VALUE …\`) or edit "model.factors" in its results.json.`,
        { file: run.resultsFile },
      );
    }
  }
  const baseline: Record<string, string> = {};
  const levels: Record<string, string[]> = {};
  for (const factor of factors) {
    const seen = [...new Set(runs.map((r) => r.results.model.factors[factor]!))];
    if (seen.length < 2) {
      throw new DataError(
        `factor "${factor}" has a single level (${seen[0]}) in all ${runs.length} runs, so it has no effect to estimate. ` +
          `Drop it from --factors or add a run with another ${factor}.`,
      );
    }
    const reference = baselineOption[factor] ?? seen[0]!;
    if (!seen.includes(reference)) {
      throw new UsageError(`--baseline ${factor}=${reference}: no run has that level (levels: ${seen.join(", ")}).`);
    }
    baseline[factor] = reference;
    levels[factor] = [reference, ...seen.filter((l) => l !== reference)];
  }
  const columns = factors.flatMap((factor) => levels[factor]!.slice(1).map((level) => ({ factor, level })));
  const rows = runs.map((run) => [1, ...columns.map((c) => (run.results.model.factors[c.factor] === c.level ? 1 : 0))]);
  try {
    assertFullColumnRank(rows);
  } catch (error) {
    if (!(error instanceof CollinearColumnError)) throw error;
    throw collinearityError(error, columns, runs, baseline);
  }
  return { factors: [...factors], baseline, levels, columns, rows };
}

function collinearityError(
  error: CollinearColumnError,
  columns: readonly DummyColumn[],
  runs: readonly LoadedRun[],
  baseline: Record<string, string>,
): DataError {
  const name = (column: number) =>
    column === 0 ? "the baseline design (intercept)" : `${columns[column - 1]!.factor}=${columns[column - 1]!.level}`;
  const dependent = columns[error.column - 1]!;
  const terms = error.combination.map(({ column, weight }) => {
    const w = Math.abs(weight - 1) < 1e-9 ? "" : Math.abs(weight + 1) < 1e-9 ? "−" : `${Number(weight.toFixed(4))}·`;
    return `${w}[${name(column)}]`;
  });
  const explanation = `in every run its dummy equals ${terms.join(" + ").replace(/\+ −/g, "− ")}, so`;
  const table = runs
    .map(
      (r) =>
        `${r.label} (${Object.keys(baseline)
          .map((f) => `${f}=${r.results.model.factors[f]}`)
          .join(", ")})`,
    )
    .join("; ");
  return new DataError(
    `factor "${dependent.factor}" level ${dependent.level} cannot be separated from the other factors: ${explanation} ` +
      `the runs confound their effects. Runs: ${table}. Add runs that vary "${dependent.factor}" independently, or drop a factor from --factors.`,
  );
}
