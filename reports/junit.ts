import type { GateReport, MetricComparison } from "../src/gate/compare.js";
import { describeMetric, methodNote } from "./gate-format.js";
import { escapeXml } from "./xml.js";

/**
 * The gate as JUnit XML for CI test viewers: one testsuite per benchmark, one testcase per
 * metric, a <failure> for each regression; every metric's numbers as <properties> (raw and
 * Holm-adjusted one-sided p, max drop, detectable drop at 80% power) and in its <system-out>.
 */
export function gateJunit(report: GateReport): string {
  const suites = report.benchmarks.map((b) => {
    const failures = b.metrics.filter((m) => m.status === "regression").length;
    const cases = b.metrics.map((m) => {
      const line = escapeXml(describeMetric(m, report.level));
      const open = `    <testcase classname="vlm-bench.gate.${escapeXml(b.benchmark)}" name="${escapeXml(m.metric)}" time="0">`;
      const failure = m.status === "regression" ? `\n      <failure type="regression" message="${line}">${line}</failure>` : "";
      return `${open}\n${properties(m)}${failure}\n      <system-out>${line}</system-out>\n    </testcase>`;
    });
    return (
      `  <testsuite name="${escapeXml(b.benchmark)}" tests="${b.metrics.length}" failures="${failures}" errors="0" skipped="0" time="0">\n` +
      suiteProperties(report) +
      cases.join("\n") +
      (cases.length > 0 ? "\n" : "") +
      `  </testsuite>`
    );
  });
  const tests = report.benchmarks.reduce((s, b) => s + b.metrics.length, 0);
  const failures = report.benchmarks.reduce((s, b) => s + b.metrics.filter((m) => m.status === "regression").length, 0);
  return document(tests, failures, 0, suites);
}

/** How every p-value of the call was made (the same in each suite): one-sided, Holm over the family. */
function suiteProperties(report: GateReport): string {
  const entries: [string, string | number][] = [
    ["alpha_family_wise", report.policy.alpha],
    ["holm_family_size", report.family],
    ["p_values", "one-sided (drop), Holm-adjusted"],
    ["detectable_drop_power", report.power],
    ["method", methodNote(report)],
  ];
  return `    <properties>\n${entries.map(([n, v]) => `      <property name="${n}" value="${escapeXml(String(v))}"/>`).join("\n")}\n    </properties>\n`;
}

/** A testcase's numbers as JUnit properties (CI viewers show them beside the case). */
function properties(m: MetricComparison): string {
  const entries: [string, string | number][] = [
    ["baseline", m.baseline],
    ["candidate", m.candidate],
    ["difference", m.difference],
    ["ci_low", m.ci[0]],
    ["ci_high", m.ci[1]],
    ["p_one_sided", m.pDrop],
    ["p_holm", m.adjustedP],
    ["test", m.test],
    ["n", m.n],
    ["discordant", m.discordant],
    ["lost", m.lost],
    ["gained", m.gained],
    ["max_drop", m.maxDrop],
    ["detectable_drop_80", m.detectableDrop],
    ["status", m.status],
  ];
  const lines = entries.map(([name, value]) => `        <property name="${name}" value="${escapeXml(String(value))}"/>`);
  return `      <properties>\n${lines.join("\n")}\n      </properties>`;
}

/** A gate that could not compare the runs (exit 2): one errored testcase with the reasons. */
export function notComparableJunit(reasons: readonly string[]): string {
  const text = escapeXml(reasons.join("; "));
  const suite =
    `  <testsuite name="comparability" tests="1" failures="0" errors="1" skipped="0" time="0">\n` +
    `    <testcase classname="vlm-bench.gate" name="runs are comparable" time="0">\n` +
    `      <error type="not comparable" message="${text}">${text}</error>\n` +
    `    </testcase>\n  </testsuite>`;
  return document(1, 0, 1, [suite]);
}

function document(tests: number, failures: number, errors: number, suites: readonly string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="vlm-bench gate" tests="${tests}" failures="${failures}" errors="${errors}">\n` +
    suites.map((s) => s + "\n").join("") +
    `</testsuites>\n`
  );
}
