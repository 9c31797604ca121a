import { effectsSvg } from "../../reports/effects-svg.js";
import { analyseEffects } from "../../src/effects/analyse.js";
import { VlmBenchError } from "../../src/errors.js";
import type { LoadedRun, RunFolder } from "../../src/run-folder/index.js";

/**
 * The HTML report's `#effects`: the design-effects plot (`vlm-bench effects`) over the factors
 * every run records and that vary between them, on the benchmarks every run has. Nothing when no
 * factor varies; a note instead of the plot when the design cannot be fitted (no items.jsonl,
 * collinear factors, …), with the effects command's own message.
 */
export function reportEffects(runs: readonly RunFolder[]): { svg?: string; notes: string[] } {
  if (runs.length < 2) return { notes: [] };
  const keys = Object.keys(runs[0]!.results.model.factors ?? {});
  const factors = keys.filter(
    (k) =>
      runs.every((r) => typeof r.results.model.factors?.[k] === "string") && new Set(runs.map((r) => r.results.model.factors[k])).size > 1,
  );
  if (factors.length === 0) return { notes: [] };
  const withoutItems = runs.filter((r) => r.items === null);
  if (withoutItems.length > 0) {
    return {
      notes: [
        `No design-effects plot: ${withoutItems.map((r) => r.resultsFile).join(", ")} ha${withoutItems.length === 1 ? "s" : "ve"} no items.jsonl.`,
      ],
    };
  }
  const benchmarks = Object.keys(runs[0]!.results.benchmarks).filter((b) => runs.every((r) => r.results.benchmarks[b] !== undefined));
  if (benchmarks.length === 0) return { notes: ["No design-effects plot: no benchmark is in every run."] };
  try {
    return { svg: effectsSvg(analyseEffects(runs as readonly LoadedRun[], { factors, benchmarks })), notes: [] };
  } catch (error) {
    if (!(error instanceof VlmBenchError)) throw error;
    return { notes: [`No design-effects plot over ${factors.join(", ")}: ${error.message}`] };
  }
}
