import type { GateReport } from "../src/gate/compare.js";
import { formatCi, formatDelta, formatP, formatValue, methodNote, policyLine } from "./gate-format.js";
import { escapeCell } from "./markdown.js";

const HEADER = ["Metric", "Baseline", "Candidate", "Δ", "CI", "p", "p (Holm)", "Test", "n", "Max drop", "Detectable drop", "Status"];
/** Numbers are right-aligned. */
const NUMERIC = [false, true, true, true, true, true, true, false, true, true, true, false];

function rows(report: GateReport): string[][] {
  return report.benchmarks.flatMap((b) =>
    b.metrics.map((m) => [
      m.metric,
      formatValue(m.baseline, m.unit),
      formatValue(m.candidate, m.unit),
      formatDelta(m.difference, m.unit),
      formatCi(m),
      formatP(m.pDrop),
      formatP(m.adjustedP),
      m.test,
      String(m.n),
      formatValue(m.maxDrop, m.unit),
      formatValue(m.detectableDrop, m.unit),
      m.status,
    ]),
  );
}

function verdict(report: GateReport): string {
  const regressions = report.benchmarks.flatMap((b) => b.metrics).filter((m) => m.status === "regression");
  return regressions.length === 0 ? "PASS" : `FAIL — ${regressions.map((m) => m.metric).join(", ")} regressed`;
}

/** The Markdown summary for CI pages ($GITHUB_STEP_SUMMARY) and --summary. */
export function gateMarkdown(report: GateReport): string {
  const lines = [
    `## vlm-bench gate: ${verdict(report)}`,
    "",
    `Candidate \`${report.candidate}\` vs baseline \`${report.baseline}\` — ${policyLine(report)}.`,
    "",
    `| ${HEADER.join(" | ")} |`,
    `| ${NUMERIC.map((right) => (right ? "---:" : "---")).join(" | ")} |`,
    ...rows(report).map((r) => `| ${r.map(escapeCell).join(" | ")} |`),
    "",
    methodNote(report),
  ];
  if (report.notes.length > 0) lines.push("", ...report.notes.map((n) => `- ${escapeCell(n)}`));
  return lines.join("\n") + "\n";
}

export function notComparableMarkdown(baseline: string, candidate: string, reasons: readonly string[]): string {
  return (
    [
      `## vlm-bench gate: NOT COMPARABLE`,
      "",
      `Candidate \`${candidate}\` cannot be compared with baseline \`${baseline}\`:`,
      "",
      ...reasons.map((r) => `- ${escapeCell(r)}`),
    ].join("\n") + "\n"
  );
}

/** The console report: the same table, aligned as plain text. */
export function gateConsole(report: GateReport): string {
  const table = [HEADER, ...rows(report)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, i) => (NUMERIC[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
  return (
    [
      `vlm-bench gate: ${verdict(report)}`,
      `${policyLine(report)}`,
      "",
      ...lines,
      "",
      methodNote(report),
      ...(report.notes.length > 0 ? ["", ...report.notes.map((n) => `note: ${n}`)] : []),
    ].join("\n") + "\n"
  );
}
