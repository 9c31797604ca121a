import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli as runCliRaw } from "../../helpers/cli.js";
import { binaryItems, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

/** The CLI without the outer CI's job summary, so these tests never write into it. */
const runCli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => runCliRaw(args, { GITHUB_STEP_SUMMARY: "", ...env });

/** Base: 200 items, right unless i % 5 == 0 (160 right). */
const base = (i: number) => i % 5 !== 0;

describe("vlm-bench gate: exit codes on crafted runs", () => {
  it("a significant drop larger than --max-drop exits 1, with a JUnit failure and a FAIL summary", async () => {
    const dir = tempDir();
    // The candidate loses items 0..39 that the baseline had right: 32 lost, 0 gained.
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(200, base) } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { toy: binaryItems(200, (i) => base(i) && i >= 40) } });
    const stepSummary = path.join(dir, "step-summary.md");
    writeFileSync(stepSummary, "earlier step\n");
    const junit = path.join(dir, "reports", "junit.xml");
    const summary = path.join(dir, "summary.md");
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--junit", junit, "--summary", summary], {
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    // Hand-worked: accuracy 0.8 → 0.64, Δ −0.16, one-sided McNemar p = 2⁻³² < 0.0001 (one metric: Holm leaves it).
    expect(r.stdout).toMatch(
      /toy\.item_accuracy\s+0\.8000\s+0\.6400\s+−0\.1600\s+\[−0\.\d{4}, −0\.\d{4}\]\s+<0\.0001\s+<0\.0001\s+exact McNemar\s+200\s+0\.0100\s+0\.\d{4}\s+regression/,
    );
    expect(r.stdout).toMatch(/p: one-sided \(the gate fails only on a drop\), Holm-adjusted over the 1 gated metric/);
    expect(r.stdout).toMatch(/^vlm-bench gate: FAIL — toy\.item_accuracy regressed/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/<testsuites name="vlm-bench gate" tests="1" failures="1" errors="0">/);
    expect(xml).toMatch(/<testsuite name="toy" tests="1" failures="1"/);
    expect(xml).toMatch(
      /<testcase classname="vlm-bench.gate.toy" name="toy.item_accuracy" time="0">\s*<properties>[\s\S]*?<\/properties>\s*<failure type="regression" message="toy.item_accuracy: 0.8000 → 0.6400 \(Δ −0.1600, 95% CI .*32 lost, 0 gained/,
    );
    const md = readFileSync(summary, "utf8");
    expect(md).toMatch(/^## vlm-bench gate: FAIL/);
    expect(md).toContain("| toy.item_accuracy | 0.8000 | 0.6400 | −0.1600 |");
    expect(readFileSync(stepSummary, "utf8")).toBe("earlier step\n" + md + "\n");
  });

  it("a drop on few items that is not significant exits 0 as an 'insignificant drop'", async () => {
    const dir = tempDir();
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(10, () => true) } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { toy: binaryItems(10, (i) => i >= 2) } });
    const junit = path.join(dir, "junit.xml");
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--junit", junit]);
    expect(r.code).toBe(0);
    // Hand-worked: 2 lost, 0 gained → one-sided p = (½)² = 0.25; Δ −0.2 exceeds 0.01 but is not significant.
    expect(r.stdout).toMatch(
      /toy\.item_accuracy\s+1\.0000\s+0\.8000\s+−0\.2000\s+\[.*\]\s+0\.25\s+0\.25\s+exact McNemar\s+10\s+0\.0100\s+\S+\s+insignificant drop/,
    );
    expect(r.stdout).toMatch(/^vlm-bench gate: PASS/);
    expect(readFileSync(junit, "utf8")).not.toContain("<failure");
  });

  it("an improvement exits 0 and is labelled so", async () => {
    const dir = tempDir();
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(200, (i) => base(i) && i >= 40) } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { toy: binaryItems(200, base) } });
    const r = await runCli(["gate", "--baseline", b, "--candidate", c]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/toy\.item_accuracy\s+0\.6400\s+0\.8000\s+\+0\.1600 .* improvement/);
  });

  it("a significant drop within --max-drop passes", async () => {
    const dir = tempDir();
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(200, base) } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { toy: binaryItems(200, (i) => base(i) && i >= 40) } });
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--max-drop", "0.2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<0\.0001\s+<0\.0001\s+exact McNemar\s+200\s+0\.2000\s+\S+\s+pass/);
  });

  it("graded items (scores) are compared with the paired randomization test, exactly when the swaps are few", async () => {
    const dir = tempDir();
    const grades = [0, 0.3, 0.6, 0.9, 1];
    const items = (shift: number) => Array.from({ length: 300 }, (_, i) => ({ id: `v${i}`, score: grades[(i + shift) % 5]! }));
    // Candidate: every item with 1 drops to 0.3 (60 items × −0.7 → Δ −0.14).
    const cand = items(0).map((item) => (item.score === 1 ? { ...item, score: 0.3 } : item));
    const b = writeRun(path.join(dir, "base"), { benchmarks: { graded: items(0) } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { graded: cand } });
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--resamples", "2000"]);
    expect(r.code).toBe(1);
    // 60 discordant items, all with the same change: 61 swap outcomes enumerated, p = 2⁻⁶⁰.
    expect(r.stdout).toMatch(
      /graded\.item_score\s+0\.5600\s+0\.4200\s+−0\.1400 .* <0\.0001\s+<0\.0001\s+exact randomization\s+300 .* regression/,
    );
  });
});

describe("vlm-bench gate: runs that cannot be compared exit 2 with the reason", () => {
  it("disjoint item sets", async () => {
    const dir = tempDir();
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(5, () => true, "a") } });
    const c = writeRun(path.join(dir, "cand"), { benchmarks: { toy: binaryItems(5, () => true, "b") } });
    const junit = path.join(dir, "junit.xml");
    const summary = path.join(dir, "summary.md");
    const r = await runCli(["gate", "--baseline", b, "--candidate", c, "--junit", junit, "--summary", summary]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot compare .*cand.* with the baseline .*base.*: toy: no common items \(baseline 5, e\.g\. "a0"; candidate 5, e\.g\. "b0"\)/,
    );
    expect(readFileSync(junit, "utf8")).toMatch(/<error type="not comparable" message="toy: no common items/);
    expect(readFileSync(summary, "utf8")).toMatch(/^## vlm-bench gate: NOT COMPARABLE/);
  });

  it.each([
    [
      "different protocol versions",
      { harness: "vlm-bench@0.2.0" },
      {},
      /made by vlm-bench@0\.1\.0 \(protocol 0\.1\) and the candidate by vlm-bench@0\.2\.0 \(protocol 0\.2\)/,
    ],
    [
      "different prompts",
      { prompts: { "toy/q0": "aaaa", "toy/q1": "bbbb" } },
      { prompts: { "toy/q0": "aaaa", "toy/q1": "cccc" } },
      /toy: the prompt differs on 1 of 4 common items \(e\.g\. "q1"\)/,
    ],
    ["different ground truth", { target: "other" }, {}, /toy: the ground truth differs on 4 of 4 common items/],
    ["a benchmark the candidate lacks", { bench: "other" }, {}, /the candidate has no toy results \(the baseline has\)/],
  ])("%s", async (_, candidateSpec: Record<string, any>, baselineSpec: Record<string, any>, message) => {
    const dir = tempDir();
    const items = (spec: Record<string, any>) => binaryItems(4, () => true).map((i) => (spec.target ? { ...i, target: spec.target } : i));
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: items(baselineSpec) }, prompts: baselineSpec.prompts });
    const c = writeRun(path.join(dir, "cand"), {
      harness: candidateSpec.harness,
      benchmarks: { [candidateSpec.bench ?? "toy"]: items(candidateSpec) },
      prompts: candidateSpec.prompts,
    });
    const r = await runCli(["gate", "--baseline", b, "--candidate", c]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [["gate", "--candidate", "x"], /required option '--baseline <results.json>' not specified/],
    [["gate", "--baseline", "x", "--candidate", "y", "--alpha", "1.5"], /--alpha must be a number between 0 and 1/],
    [["gate", "--baseline", "x", "--candidate", "y", "--max-drop", "-1"], /--max-drop must be a number ≥ 0/],
    [["gate", "--baseline", "/nonexistent/results.json", "--candidate", "y"], /\/nonexistent\/results\.json: no such results file/],
  ])("bad usage %j exits 2", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("a run folder without items.jsonl says how to get it", async () => {
    const dir = tempDir();
    const b = writeRun(path.join(dir, "base"), { benchmarks: { toy: binaryItems(4, () => true) } });
    rmSync(path.join(dir, "base", "items.jsonl"));
    const r = await runCli(["gate", "--baseline", b, "--candidate", b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/items\.jsonl: missing\. .*rerun `vlm-bench run` with the same --out/);
  });
});

describe("vlm-bench gate on real runs of the bundled POPE set", () => {
  it("baseline:yes → baseline:no: POPE F1 collapses (regression, exit 1); per-metric config overrides apply", async () => {
    const dir = tempDir();
    const yes = path.join(dir, "yes");
    const no = path.join(dir, "no");
    expect((await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--out", yes, "--no-progress"])).code).toBe(0);
    expect((await runCli(["run", "--model", "baseline:no", "--bench", "pope", "--out", no, "--no-progress"])).code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(yes, "results.json"), "utf8")).benchmarks.pope.metrics;

    const r = await runCli(["gate", "--baseline", yes, "--candidate", no, "--resamples", "1000"]);
    expect(r.code).toBe(1);
    // The recomputed baseline values equal results.json's; always-no has F1 0 and accuracy ½.
    expect(r.stdout).toMatch(new RegExp(`pope\\.f1\\s+${results.f1.toFixed(4)}\\s+0\\.0000\\s+−${results.f1.toFixed(4)}\\s`));
    expect(r.stdout).toMatch(/pope\.f1 .* randomization\s+216\s+0\.0100\s+\S+\s+regression/);
    expect(r.stdout).toMatch(/pope\.accuracy\s+0\.5000\s+0\.5000\s+0\.0000 .* pass/);

    const config = path.join(dir, "vlm-bench.config.json");
    writeFileSync(
      config,
      JSON.stringify({ models: [{ name: "no", model: "baseline:no" }], gate: { alpha: 0.01, max_drop_per_metric: { "pope.f1": 0.7 } } }),
    );
    const relaxed = await runCli(["gate", "--baseline", yes, "--candidate", no, "--config", config, "--resamples", "1000"]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toMatch(
      /max drop per metric \(each benchmark's default; overridden: pope\.f1 0\.7\), alpha 0\.01 family-wise \(Holm\), 99% CIs/,
    );
    expect(relaxed.stdout).toMatch(/pope\.f1 .* 0\.7000\s+\S+\s+pass/);
  });

  it("a config file with a bad gate setting exits 2 naming the key", async () => {
    const dir = tempDir();
    const config = path.join(dir, "bad.json");
    writeFileSync(
      config,
      JSON.stringify({ models: [{ name: "no", model: "baseline:no" }], gate: { max_drop_per_metric: { "pope.f1": "two" } } }),
    );
    const r = await runCli(["gate", "--baseline", dir, "--candidate", dir, "--config", config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json is not a valid vlm-bench config:\n  \/gate\/max_drop_per_metric\/pope\.f1: must be number/);
    expect(existsSync(path.join(dir, "junit.xml"))).toBe(false);
  });
});

describe("vlm-bench gate over every bundled benchmark", () => {
  it("a benchmark not scored in the baseline (MM-Vet without a judge) is noted and not gated, not 'not comparable'", async () => {
    const dir = tempDir();
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    expect((await runCli(["run", "--model", "baseline:yes", "--out", a, "--no-progress"])).code).toBe(0);
    expect((await runCli(["run", "--model", "baseline:yes", "--out", b, "--no-progress"])).code).toBe(0);
    const r = await runCli(["gate", "--baseline", a, "--candidate", b, "--resamples", "200"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: mmvet: not scored in the baseline, not gated/);
    expect(r.stdout).toMatch(/gqa\.accuracy .* exact McNemar .* pass/);
    // Every benchmark's metrics by their SPEC keys, not item means.
    for (const key of [
      "mme.perception",
      "mme.cognition",
      "pope.accuracy",
      "pope.f1",
      "vqav2.accuracy",
      "mmvp.accuracy",
      "mmvp.question_accuracy",
      "scienceqa.accuracy",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^${key.replace(".", "\\.")}\\s`, "m"));
    }
    expect(r.stdout).not.toMatch(/item_accuracy|item_score/);
  });
});
