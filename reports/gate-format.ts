import type { GateReport, MetricComparison } from "../src/gate/compare.js";
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
    `(Δ ${formatDelta(m.difference, m.unit)}, ${Math.round(level * 100)}% CI ${formatCi(m)}, ` +
    `one-sided p = ${formatP(m.pDrop)}, Holm-adjusted ${formatP(m.adjustedP)}, ` +
    `${m.test}: ${m.detail}; n = ${m.n}; max drop ${formatValue(m.maxDrop, m.unit)}; ` +
    `detectable drop ${formatValue(m.detectableDrop, m.unit)}) — ${m.status}`
  );
}

/** What the p-values and the detectable drop mean, once per report. */
export function methodNote(report: GateReport): string {
  return (
    `p: one-sided (the gate fails only on a drop), Holm-adjusted over the ${report.family} gated metric(s) of this call, ` +
    `so the chance of any false failure is at most alpha ${report.policy.alpha}. ` +
    `Detectable drop: the smallest true drop caught with ${Math.round(report.power * 100)}% power, by formula ` +
    `(normal approximation from the observed discordance, at alpha/${report.family} and the max drop).`
  );
}

/** The tolerances and level in force: per metric (benchmark defaults) unless overridden. */
export function policyLine(report: GateReport): string {
  const { policy } = report;
  const overrides = [
    ...(policy.maxDrop !== undefined ? [`fractions ${policy.maxDrop}`] : []),
    ...(policy.maxDropPoints !== undefined ? [`points ${policy.maxDropPoints}`] : []),
    ...Object.entries(policy.maxDropPerMetric).map(([k, v]) => `${k} ${v}`),
  ];
  return (
    `max drop per metric (each benchmark's default${overrides.length > 0 ? `; overridden: ${overrides.join(", ")}` : ""}), ` +
    `alpha ${policy.alpha} family-wise (Holm), ${Math.round(report.level * 100)}% CIs for the difference`
  );
}
