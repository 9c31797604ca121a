import type { MetricComparison } from "../src/gate/compare.js";
import type { MetricUnit } from "../src/types.js";

/** Shared number formats of the gate's reports: fractions to 4 decimals, points to 1. */
export function formatValue(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return "–";
  return unit === "points" ? value.toFixed(1) : value.toFixed(4);
}

export function formatDelta(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return "–";
  const text = formatValue(Math.abs(value), unit);
  return Number(text) === 0 ? formatValue(0, unit) : `${value < 0 ? "−" : "+"}${text}`;
}

export function formatCi(m: MetricComparison): string {
  return `[${formatDelta(m.ci[0], m.unit)}, ${formatDelta(m.ci[1], m.unit)}]`;
}

export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "–";
  if (p < 0.0001) return "<0.0001";
  return p >= 0.1 ? p.toFixed(2) : String(Number(p.toPrecision(2)));
}

/** One sentence on a metric, for JUnit messages and logs. */
export function describeMetric(m: MetricComparison, level: number): string {
  return (
    `${m.metric}: ${formatValue(m.baseline, m.unit)} → ${formatValue(m.candidate, m.unit)} ` +
    `(Δ ${formatDelta(m.difference, m.unit)}, ${Math.round(level * 100)}% CI ${formatCi(m)}, p = ${formatP(m.pValue)}, ` +
    `${m.test}: ${m.detail}; n = ${m.n}; max drop ${formatValue(m.maxDrop, m.unit)}) — ${m.status}`
  );
}
