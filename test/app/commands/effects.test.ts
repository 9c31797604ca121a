import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { type CraftedItem, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

const items = (n: number, right: number): CraftedItem[] =>
  Array.from({ length: n }, (_, i) => ({ id: `q${i}`, correct: i < right ? 1 : 0 }));

/** A 2×2 design (llm × vision) on two benchmarks; correct counts chosen so effects are exact. */
function design(dir: string): string[] {
  const right: Record<string, [number, number]> = { "2b/clip": [10, 5], "2b/dino": [12, 5], "7b/clip": [14, 9], "7b/dino": [16, 9] };
  return Object.entries(right).map(([key, [pope, gqa]]) => {
    const [llm, vision] = key.split("/");
    return writeRun(path.join(dir, key.replace("/", "-")), {
      name: key,
      factors: { llm: llm!, vision: vision! },
      benchmarks: { pope: items(20, pope), gqa: items(20, gqa) },
    });
  });
}

describe("vlm-bench effects", () => {
  it("prints the Markdown table and writes effects.md and a self-contained SVG with --out", async () => {
    const dir = tempDir();
    const out = path.join(dir, "fx");
    const r = await runCli(["effects", ...design(dir), "--factors", "llm,vision", "--out", out]);
    expect(r.code).toBe(0);
    // Hand-worked (additive cells): pope llm +0.2, vision +0.1; gqa llm +0.2, vision 0.
    // Pope's fit is exact per cell (p = .5, .6, .7, .8), so RSS = 20·(.25 + .24 + .21 + .16) = 17.2 and the
    // balanced-design HC1 SE is (2/n)·√(n/(n−k)·RSS) = (2/80)·√(80/77·17.2) = 0.1057; CI 0.2 ± 1.96·0.1057.
    expect(r.stdout).toContain("| pope | (baseline design) | llm=2b, vision=clip | 0.500 |");
    expect(r.stdout).toMatch(/\| pope \| llm \| 7b \(vs 2b\) \| \+0\.200 \| 0\.106 \| \[−0\.007, \+0\.407\] \| 0\.058 \| 20 × 4 \|/);
    expect(r.stdout).toMatch(/\| pope \| vision \| dino \(vs clip\) \| \+0\.100 \|/);
    expect(r.stdout).toMatch(/\| gqa \| vision \| dino \(vs clip\) \| 0\.000 \| 0\.\d{3} \| \[−0\.\d{3}, \+0\.\d{3}\] \| 1\.00 \|/);
    expect(readFileSync(path.join(out, "effects.md"), "utf8")).toBe(r.stdout);
    const svg = readFileSync(path.join(out, "effects.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/class="panel"/g)).toHaveLength(2); // one panel per benchmark
    expect(svg.match(/<circle /g)).toHaveLength(4); // one point per factor level per panel
    expect(svg.match(/class="zero"/g)).toHaveLength(2);
    expect(svg).toContain(">Δ P(correct) vs baseline</text>");
    expect(svg).toContain(">llm=7b</text>");
    expect(svg).not.toMatch(/<(image|script)|href=/); // self-contained, no external references
  });

  it.each([
    [
      "csv",
      /^benchmark,factor,level,baseline_level,estimate,se,ci_low,ci_high,p_value,items,n\npope,\(baseline design\),"llm=2b, vision=clip",,0\.(5|49999\d+),/,
    ],
    [
      "json",
      /^\{\n  "level": 0\.95,\n  "model": "linear probability model, dummy-coded factors, HC1 standard errors",\n  "baseline": \{\n    "llm": "2b",/,
    ],
  ])("--format %s", async (format, shape) => {
    const dir = tempDir();
    const out = path.join(dir, "fx");
    const r = await runCli(["effects", ...design(dir), "--factors", "llm,vision", "--format", format, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(shape);
    expect(readFileSync(path.join(out, `effects.${format}`), "utf8")).toBe(r.stdout);
    if (format === "json") {
      const doc = JSON.parse(r.stdout);
      expect(doc.benchmarks.map((b: { benchmark: string }) => b.benchmark)).toEqual(["pope", "gqa"]);
      expect(doc.benchmarks[0].effects[0].estimate).toBeCloseTo(0.2, 12);
    }
  });

  it("--baseline and --bench choose the reference design and the benchmarks", async () => {
    const dir = tempDir();
    const r = await runCli(["effects", ...design(dir), "--factors", "llm,vision", "--baseline", "llm=7b", "--bench", "gqa"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("| pope |");
    expect(r.stdout).toMatch(/\| gqa \| llm \| 2b \(vs 7b\) \| −0\.200 \|/);
  });

  it("says on stderr how many items were left out because not every run scored them", async () => {
    const dir = tempDir();
    const a = writeRun(path.join(dir, "a"), { factors: { llm: "x" }, benchmarks: { pope: items(6, 3) } });
    const b = writeRun(path.join(dir, "b"), { factors: { llm: "y" }, benchmarks: { pope: items(4, 1) } });
    const r = await runCli(["effects", a, b, "--factors", "llm"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("pope: 2 items not scored in every run were left out (4 used).\n");
    expect(r.stdout).toMatch(/\| pope \| llm \| y \(vs x\) \| −0\.500 \|/); // on the 4 common items: 1/4 − 3/4
  });

  it.each([
    [
      "a run without factors",
      (d: string) => [
        writeRun(path.join(d, "a"), { benchmarks: { pope: items(4, 2) } }),
        writeRun(path.join(d, "b"), { factors: { llm: "x" }, benchmarks: { pope: items(4, 2) } }),
      ],
      /a\/results\.json: the run has no design factor "llm" \(it has no factors at all\)/,
    ],
    [
      "a factor with one level",
      (d: string) => [
        writeRun(path.join(d, "a"), { factors: { llm: "x" }, benchmarks: { pope: items(4, 2) } }),
        writeRun(path.join(d, "b"), { factors: { llm: "x" }, benchmarks: { pope: items(4, 2) } }),
      ],
      /factor "llm" has a single level \(x\) in all 2 runs/,
    ],
    [
      "mismatched benchmarks",
      (d: string) => [
        writeRun(path.join(d, "a"), { factors: { llm: "x" }, benchmarks: { pope: items(4, 2) } }),
        writeRun(path.join(d, "b"), { factors: { llm: "y" }, benchmarks: { pope: items(4, 2), gqa: items(4, 1) } }),
      ],
      /b\/results\.json: the run has results for gqa that .*a\/results\.json lacks\. .*--bench pope/,
    ],
  ])("%s exits 2 naming the run and factor", async (_, make, message) => {
    const r = await runCli(["effects", ...make(tempDir()), "--factors", "llm"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [["effects", "x"], /required option '--factors <keys>' not specified/],
    [["effects", "x", "--factors", "llm", "--format", "tex"], /--format tex: choose md, csv or json/],
  ])("bad usage %j exits 2", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
