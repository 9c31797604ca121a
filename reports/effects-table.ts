import type { EffectsResult } from "../src/effects/analyse.js";
import { csvField } from "./csv.js";
import { formatP } from "./gate-format.js";
import { escapeCell } from "./markdown.js";

/** One row per benchmark × (baseline design, then each factor level). */
interface Row {
  benchmark: string;
  factor: string;
  level: string;
  baseline_level: string;
  estimate: number;
  se: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
  items: number;
  n: number;
}

const INTERCEPT = "(baseline design)";

function tableRows(result: EffectsResult): Row[] {
  const design = Object.entries(result.design.baseline)
    .map(([f, l]) => `${f}=${l}`)
    .join(", ");
  return result.benchmarks.flatMap((b) => [
    {
      benchmark: b.benchmark,
      factor: INTERCEPT,
      level: design,
      baseline_level: "",
      estimate: b.intercept.estimate,
      se: b.intercept.se,
      ci_low: b.intercept.ci[0],
      ci_high: b.intercept.ci[1],
      p_value: b.intercept.pValue,
      items: b.items,
      n: b.n,
    },
    ...b.effects.map((e) => ({
      benchmark: b.benchmark,
      factor: e.factor,
      level: e.level,
      baseline_level: e.baselineLevel,
      estimate: e.estimate,
      se: e.se,
      ci_low: e.ci[0],
      ci_high: e.ci[1],
      p_value: e.pValue,
      items: b.items,
      n: b.n,
    })),
  ]);
}

/**
 * The sign follows the printed digits, not the raw value: −0.0004 prints "0.000", never "−0.000"
 * (nor "+0.000"), so a zero reads the same wherever it appears, bounds of an interval included.
 */
export const signed = (x: number) => {
  const digits = Math.abs(x).toFixed(3);
  return Number(digits) === 0 ? digits : (x > 0 ? "+" : "−") + digits;
};
/** A level (the baseline design's intercept) has no sign of its own; a negative bound still gets "−". */
export const level = (x: number) => {
  const digits = Math.abs(x).toFixed(3);
  return (x < 0 && Number(digits) !== 0 ? "−" : "") + digits;
};

/**
 * Markdown: effects as changes in P(correct) (or mean score) against the baseline design,
 * with HC1 standard errors; the baseline design's own level first.
 */
export function effectsMarkdown(result: EffectsResult): string {
  const pct = Math.round(result.level * 100);
  const lines = [
    `| Benchmark | Factor | Level | Effect vs baseline | SE (HC1) | ${pct}% CI | p | Items × runs |`,
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of tableRows(result)) {
    const isBase = r.factor === INTERCEPT;
    lines.push(
      `| ${[
        r.benchmark,
        r.factor,
        isBase ? r.level : `${r.level} (vs ${r.baseline_level})`,
        isBase ? level(r.estimate) : signed(r.estimate),
        r.se.toFixed(3),
        isBase ? `[${level(r.ci_low)}, ${level(r.ci_high)}]` : `[${signed(r.ci_low)}, ${signed(r.ci_high)}]`,
        formatP(r.p_value),
        `${r.items} × ${r.n / r.items}`,
      ]
        .map(escapeCell)
        .join(" | ")} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** CSV at full precision (RFC 4180 quoting). */
export function effectsCsv(result: EffectsResult): string {
  const header: (keyof Row)[] = [
    "benchmark",
    "factor",
    "level",
    "baseline_level",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "items",
    "n",
  ];
  return [header.join(","), ...tableRows(result).map((r) => header.map((h) => csvField(String(r[h]))).join(","))].join("\n") + "\n";
}

export function effectsJson(result: EffectsResult): string {
  const { design } = result;
  return (
    JSON.stringify(
      {
        level: result.level,
        model: "linear probability model, dummy-coded factors, HC1 standard errors",
        baseline: design.baseline,
        levels: design.levels,
        benchmarks: result.benchmarks,
      },
      null,
      2,
    ) + "\n"
  );
}
