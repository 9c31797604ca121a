import type { GateReport } from "../src/gate/compare.js";
import { describeMetric } from "./gate-format.js";
import { escapeXml } from "./xml.js";

/**
 * The gate as JUnit XML for CI test viewers: one testsuite per benchmark, one testcase per
 * metric, a <failure> for each regression; every metric's numbers in its <system-out>.
 */
export function gateJunit(report: GateReport): string {
  const suites = report.benchmarks.map((b) => {
    const failures = b.metrics.filter((m) => m.status === "regression").length;
    const cases = b.metrics.map((m) => {
      const line = escapeXml(describeMetric(m, report.level));
      const open = `    <testcase classname="vlm-bench.gate.${escapeXml(b.benchmark)}" name="${escapeXml(m.metric)}" time="0">`;
      const failure =
        m.status === "regression" ? `\n      <failure type="regression" message="${line}">${line}</failure>` : "";
      return `${open}${failure}\n      <system-out>${line}</system-out>\n    </testcase>`;
    });
    return (
      `  <testsuite name="${escapeXml(b.benchmark)}" tests="${b.metrics.length}" failures="${failures}" errors="0" skipped="0" time="0">\n` +
      cases.join("\n") +
      (cases.length > 0 ? "\n" : "") +
      `  </testsuite>`
    );
  });
  const tests = report.benchmarks.reduce((s, b) => s + b.metrics.length, 0);
  const failures = report.benchmarks.reduce((s, b) => s + b.metrics.filter((m) => m.status === "regression").length, 0);
  return document(tests, failures, 0, suites);
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
