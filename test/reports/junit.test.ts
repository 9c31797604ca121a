import { describe, expect, it } from "vitest";
import { gateJunit, notComparableJunit } from "../../reports/junit.js";
import { escapeXml } from "../../reports/xml.js";
import type { GateReport, MetricComparison } from "../../src/gate/compare.js";

const metric = (over: Partial<MetricComparison>): MetricComparison => ({
  metric: "pope.f1",
  unit: "fraction",
  test: "randomization",
  n: 100,
  baseline: 0.8,
  candidate: 0.7,
  difference: -0.1,
  ci: [-0.15, -0.05],
  pDrop: 0.0002,
  pGain: 1,
  nullSd: 0.03,
  discordant: 20,
  lost: 15,
  gained: 5,
  adjustedP: 0.0004,
  detail: "20 of 100 units discordant, 10000 random swaps, seed 0",
  maxDrop: 0.01,
  detectableDrop: 0.08,
  status: "regression",
  ...over,
});

const report = (benchmarks: GateReport["benchmarks"]): GateReport => ({
  baseline: "a",
  candidate: "b",
  policy: { alpha: 0.05, maxDropPerMetric: {} },
  level: 0.95,
  family: 3,
  power: 0.8,
  benchmarks,
  notes: [],
  exitCode: 1,
});

describe("escapeXml", () => {
  it.each([
    [`a<b>&"c"'d`, "a&lt;b&gt;&amp;&quot;c&quot;&apos;d"],
    ["tab\tnewline\nok", "tab\tnewline\nok"],
    ["bell\u0007 nul\u0000", "bell\uFFFD nul\uFFFD"],
    ["lone \uD800 surrogate", "lone \uFFFD surrogate"],
    ["pair 😀 kept", "pair 😀 kept"],
    ["&amp;", "&amp;amp;"],
  ])("%j → %j", (input, output) => {
    expect(escapeXml(input)).toBe(output);
  });
});

describe("gate JUnit XML", () => {
  it("one testsuite per benchmark, one testcase per metric, <failure> only for regressions", () => {
    const xml = gateJunit(
      report([
        {
          benchmark: "pope",
          common: 100,
          onlyBaseline: 0,
          onlyCandidate: 0,
          metrics: [metric({}), metric({ metric: "pope.accuracy", status: "pass", difference: 0 })],
        },
        {
          benchmark: "gqa",
          common: 50,
          onlyBaseline: 0,
          onlyCandidate: 0,
          metrics: [metric({ metric: "gqa.accuracy", status: "insignificant drop", test: "exact McNemar" })],
        },
      ]),
    );
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vlm-bench gate" tests="3" failures="1" errors="0">'),
    ).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<testsuite name="gqa" tests="1" failures="0"');
    expect(xml).toMatch(
      /name="pope\.f1" time="0">\n\s+<properties>[\s\S]*?<\/properties>\n\s+<failure type="regression" message="pope\.f1: 0\.8000 → 0\.7000 \(Δ −0\.1000, 95% CI \[−0\.1500, −0\.0500\], one-sided p = 0\.0002, Holm-adjusted 0\.0004/,
    );
    // Raw and Holm-adjusted p and the detectable drop as properties of each testcase; the method in each suite.
    expect(xml).toContain('<property name="p_one_sided" value="0.0002"/>');
    expect(xml).toContain('<property name="p_holm" value="0.0004"/>');
    expect(xml).toContain('<property name="detectable_drop_80" value="0.08"/>');
    expect(xml).toMatch(
      /<property name="discordant" value="20"\/>\s*<property name="lost" value="15"\/>\s*<property name="gained" value="5"\/>/,
    );
    expect(xml).toContain('<property name="holm_family_size" value="3"/>');
    expect(xml).toMatch(/<property name="method" value="p: one-sided \(the gate fails only on a drop\), Holm-adjusted over the 3 gated/);
    expect(balanced(xml)).toBe(true);
  });

  it("escapes names that carry markup", () => {
    const xml = gateJunit(
      report([{ benchmark: 'x<&"y', common: 1, onlyBaseline: 0, onlyCandidate: 0, metrics: [metric({ metric: 'x<&"y.item_accuracy' })] }]),
    );
    expect(xml).toContain('<testsuite name="x&lt;&amp;&quot;y"');
    expect(xml).not.toMatch(/name="[^"]*<[^"]*"/);
    expect(balanced(xml)).toBe(true);
  });

  it("runs that cannot be compared are one errored testcase with the reasons", () => {
    const xml = notComparableJunit(["toy: no common items", "a < b"]);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain('<error type="not comparable" message="toy: no common items; a &lt; b">');
    expect(balanced(xml)).toBe(true);
  });
});

/** Every opened element is closed in order (a small well-formedness check without a parser). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([A-Za-z-]+)[^>]*?(\/?)>/g)) {
    if (m[3] === "/") continue;
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]!);
  }
  return stack.length === 0;
}
