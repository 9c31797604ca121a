import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { resultsFile, writeRun } from "../../helpers/results-files.js";
import { tempDir } from "../../helpers/tmp.js";

const pope = (accuracy: number) => ({ pope: { metrics: { accuracy, f1: accuracy } } });

describe("vlm-bench table", () => {
  it("names an unreadable results file and exits 2", async () => {
    const good = writeRun(path.join(tempDir(), "a"), resultsFile({ name: "a" }, pope(0.5)));
    const broken = path.join(tempDir(), "results.json");
    writeFileSync(broken, "{ not json");
    const missing = path.join(tempDir(), "missing.json");
    const foreign = path.join(tempDir(), "other.json");
    writeFileSync(foreign, JSON.stringify({ accuracy: 1 }));
    for (const [file, message] of [
      [broken, "not a readable results.json"],
      [missing, "no such results file"],
      [foreign, "not a vlm-bench results.json of version 1"],
    ]) {
      const result = await runCli(["table", good, file!]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`vlm-bench: ${file}: `);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe("");
    }
  });

  it("accepts run folders, takes the format from --out's extension, and puts footnotes in the file and on stderr", async () => {
    const root = tempDir();
    const a = path.dirname(writeRun(path.join(root, "a"), resultsFile({ name: "a" }, pope(0.5), "vlm-bench@0.1.0")));
    const b = path.dirname(writeRun(path.join(root, "b"), resultsFile({ name: "b" }, pope(0.6), "vlm-bench@0.2.0")));
    const out = path.join(root, "grid.csv");
    const result = await runCli(["table", a, b, "--out", out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      "model,pope.accuracy,pope.f1,best,partial\r\nopenai:a,0.500,0.500,,\r\nopenai:b,0.600,0.600,pope.accuracy;pope.f1,\r\n",
    );
    expect(result.stderr).toContain(
      "note: The rows come from different harness versions (vlm-bench@0.1.0: openai:a; vlm-bench@0.2.0: openai:b)",
    );
    const json = await runCli(["table", a, b, "--format", "json"]);
    expect(JSON.parse(json.stdout).notes).toHaveLength(1);
  });

  it("finds prompts and images of the bundled data without --data, only for runs that recorded that sample set", async () => {
    const root = tempDir();
    const bundledRun = path.join(root, "bundled");
    const run = await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--out", bundledRun, "--no-progress"]);
    expect(run.code, run.stderr).toBe(0);
    const report = path.join(root, "report.html");
    const table = await runCli(["table", bundledRun, "--out", report]);
    expect(table.code, table.stderr).toBe(0);
    expect(readFileSync(report, "utf8")).toMatch(/"i0":"data:image\/jpeg;base64,/); // an embedded thumbnail, not the page script's check
    expect(table.stderr).not.toContain("No prompts or images");
    // the same run claiming another sample set: nothing of the bundled data is paired with its answers
    const results = JSON.parse(readFileSync(path.join(bundledRun, "results.json"), "utf8"));
    results.benchmarks.pope.provenance.sample_set.sha256 = "0".repeat(64);
    writeFileSync(path.join(bundledRun, "results.json"), JSON.stringify(results));
    const other = await runCli(["table", bundledRun, "--out", report]);
    expect(other.code, other.stderr).toBe(0);
    expect(readFileSync(report, "utf8")).toContain('"images":{}');
    expect(other.stderr).toContain("No prompts or images for pope");
  });

  it("rejects an unknown format", async () => {
    const file = writeRun(path.join(tempDir(), "a"), resultsFile({ name: "a" }, pope(0.5)));
    const result = await runCli(["table", file, "--format", "xlsx"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format "xlsx" is not one of md, csv, json, tex, html.');
  });

  it("shows all nine columns with --all-columns", async () => {
    const file = writeRun(path.join(tempDir(), "a"), resultsFile({ name: "a" }, pope(0.5)));
    const result = await runCli(["table", file, "--all-columns"]);
    expect(result.stdout.split("\n")[2]).toBe("| openai:a | – | – | – | – | 0.500 | 0.500 | – | – | – |");
  });
});
