import { describe, expect, it } from "vitest";
import { effectsSvg, niceTicks } from "../../reports/effects-svg.js";
import type { EffectsResult } from "../../src/effects/analyse.js";

const estimate = (e: number, half: number) => ({
  estimate: e,
  se: half / 1.96,
  ci: [e - half, e + half] as [number, number],
  pValue: 0.01,
});

const result = (names: string[]): EffectsResult => ({
  level: 0.95,
  design: {
    factors: ["llm"],
    baseline: { llm: "a<b" },
    levels: { llm: ["a<b", "c&d"] },
    columns: [{ factor: "llm", level: "c&d" }],
    rows: [
      [1, 0],
      [1, 1],
    ],
  },
  benchmarks: names.map((benchmark, i) => ({
    benchmark,
    n: 20,
    items: 10,
    droppedItems: 0,
    intercept: estimate(0.5, 0.1),
    effects: [{ factor: "llm", level: "c&d", baselineLevel: "a<b", ...estimate(0.1 * (i - 1), 0.05) }],
  })),
});

describe("effects SVG", () => {
  it("escapes names, draws one panel per benchmark with a point, whisker and zero line, in a grid of ≤ 3 columns", () => {
    const svg = effectsSvg(result(["p<1>", "b", "c", "d"]));
    expect(svg).toContain(">p&lt;1&gt;</text>");
    expect(svg).toContain(">llm=c&amp;d</text>");
    expect(svg).toContain("baseline: llm=a&lt;b");
    expect(svg).not.toMatch(/>[^<]*&(?!amp;|lt;|gt;|quot;|apos;)[^<]*</);
    expect(svg.match(/class="panel"/g)).toHaveLength(4);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/class="zero"/g)).toHaveLength(4);
    // The fourth panel starts a second row.
    const offsets = [...svg.matchAll(/translate\(([\d.]+),([\d.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(offsets[3]![0]).toBe(offsets[0]![0]);
    expect(offsets[3]![1]).toBeGreaterThan(offsets[0]![1]!);
  });

  it("puts the zero line and every point on one shared x scale", () => {
    const svg = effectsSvg(result(["a", "b"]));
    const zero = [...svg.matchAll(/<line x1="([\d.]+)"[^>]*class="zero"/g)].map((m) => m[1]);
    expect(new Set(zero).size).toBe(1);
    const cx = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(cx[0]).toBeLessThan(Number(zero[0])); // effect −0.1 left of zero
    expect(cx[1]).toBeCloseTo(Number(zero[0]), 1); // effect 0 on the line
  });

  it.each([
    [-0.12, 0.33, [-0.1, 0, 0.1, 0.2, 0.3]],
    [0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [-0.055, 0.055, [-0.05, 0, 0.05]],
  ])("niceTicks(%f, %f)", (lo, hi, ticks) => {
    expect(niceTicks(lo, hi)).toEqual(ticks);
  });
});
