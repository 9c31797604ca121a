import { DataError } from "../errors.js";
import { itemValue, type LoadedRun } from "../run-folder/index.js";
import { olsHC1 } from "../stats/ols.js";
import { buildDesign, type Design } from "./design.js";

export interface Estimate {
  estimate: number;
  se: number;
  ci: [number, number];
  pValue: number;
}

/** One factor level's effect on one benchmark: change in P(correct) (or mean score) vs the baseline level. */
export interface Effect extends Estimate {
  factor: string;
  level: string;
  baselineLevel: string;
}

export interface BenchmarkEffects {
  benchmark: string;
  /** Rows of the regression: common items × runs. */
  n: number;
  items: number;
  /** Items left out because not every run has them scored. */
  droppedItems: number;
  /** The fitted outcome of the baseline design (the intercept). */
  intercept: Estimate;
  effects: Effect[];
}

export interface EffectsResult {
  design: Design;
  level: number;
  benchmarks: BenchmarkEffects[];
}

export interface EffectsOptions {
  factors: readonly string[];
  baseline?: Record<string, string>;
  /** Analyse only these benchmarks (default: all; then every run must have the same ones). */
  benchmarks?: readonly string[];
  level?: number;
}

/**
 * The seed paper's Figure 1: per benchmark, a linear probability model of per-item correctness
 * (graded score where items have one) on the design factors, dummy-coded against the baseline
 * levels, with HC1 robust standard errors. Each run contributes its answers on the items every
 * run has scored, so all designs are compared on the same questions.
 */
export function analyseEffects(runs: readonly LoadedRun[], options: EffectsOptions): EffectsResult {
  const design = buildDesign(runs, options.factors, options.baseline);
  const level = options.level ?? 0.95;
  const names = options.benchmarks ?? benchmarkNames(runs[0]!);
  for (const run of runs) {
    const own = benchmarkNames(run);
    const missing = names.filter((n) => !own.includes(n));
    if (missing.length > 0) {
      throw new DataError(
        `${run.label}: the run has no results for ${missing.join(", ")} (${runs[0]!.label} has). ` +
          `Analyse the benchmarks every run has with --bench, or run the missing ones.`,
        { file: run.resultsFile },
      );
    }
    if (options.benchmarks === undefined) {
      const extra = own.filter((n) => !names.includes(n));
      if (extra.length > 0) {
        throw new DataError(
          `${run.label}: the run has results for ${extra.join(", ")} that ${runs[0]!.label} lacks. ` +
            `Analyse the benchmarks every run has with --bench ${names.join(",")}.`,
          { file: run.resultsFile },
        );
      }
    }
  }
  return { design, level, benchmarks: names.map((name) => fitBenchmark(name, runs, design, level)) };
}

function benchmarkNames(run: LoadedRun): string[] {
  return [...run.items.keys()];
}

function fitBenchmark(name: string, runs: readonly LoadedRun[], design: Design, level: number): BenchmarkEffects {
  const values = runs.map((run) => new Map((run.items.get(name) ?? []).map((i) => [i.id, itemValue(i)])));
  const first = values[0]!;
  const ids = [...first.keys()].filter((id) => values.every((v) => v.get(id) !== undefined));
  if (ids.length === 0) {
    throw new DataError(
      `${name}: no item is scored in every run (${runs.map((r) => r.label).join(", ")}), so there is nothing to compare.`,
    );
  }
  const allIds = new Set(values.flatMap((v) => [...v.keys()]));
  const rows: number[][] = [];
  const y: number[] = [];
  runs.forEach((_, r) => {
    for (const id of ids) {
      rows.push(design.rows[r]!);
      y.push(values[r]!.get(id)!);
    }
  });
  const fit = olsHC1(rows, y, level);
  const estimate = (k: number): Estimate => ({ estimate: fit.coefficients[k]!, se: fit.se[k]!, ci: fit.ci[k]!, pValue: fit.pValues[k]! });
  return {
    benchmark: name,
    n: rows.length,
    items: ids.length,
    droppedItems: allIds.size - ids.length,
    intercept: estimate(0),
    effects: design.columns.map((c, i) => ({
      factor: c.factor,
      level: c.level,
      baselineLevel: design.baseline[c.factor]!,
      ...estimate(i + 1),
    })),
  };
}
