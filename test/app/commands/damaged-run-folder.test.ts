import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CliResult, runCli as runCliRaw } from "../../helpers/cli.js";
import { binaryItems, writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

// Run folders damaged by hand or by another tool: every command that reads one (table in each
// format, table --ci, gate, effects) refuses it with exit 2, naming the file and the JSON path
// (and the line, for items.jsonl), with no stack trace, and leaves earlier output as it was.

type Json = Record<string, any>;

/** The CLI without the outer CI's job summary, so the gate never writes into it. */
const runCli = (args: readonly string[]) => runCliRaw(args, { GITHUB_STEP_SUMMARY: "" });

/** A crafted POPE-like run folder whose results.json (and items.jsonl) `damage` may change. */
function runFolder(name: string, factors: Record<string, string>, damage?: { results?: (r: Json) => void; items?: string }): string {
  const dir = path.join(tempDir(), name);
  const file = writeRun(dir, { name, factors, benchmarks: { pope: binaryItems(40, (i) => i % 3 !== 0) }, prompts: {} });
  if (damage?.results !== undefined) {
    const results = JSON.parse(readFileSync(file, "utf8"));
    damage.results(results);
    writeFileSync(file, JSON.stringify(results, null, 2));
  }
  if (damage?.items !== undefined)
    writeFileSync(path.join(dir, "items.jsonl"), readFileSync(path.join(dir, "items.jsonl"), "utf8") + damage.items + "\n");
  return dir;
}

function expectRefused(result: CliResult, file: string, where: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(`vlm-bench: ${file}`);
  expect(result.stderr).toContain(where);
  expect(result.stderr).not.toContain("unexpected error");
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stdout).not.toMatch(/PASS|FAIL/);
}

const DAMAGES: [string, { results?: (r: Json) => void; items?: string }, string][] = [
  [
    "a metric given as a string",
    { results: (r) => (r.benchmarks.pope.metrics.accuracy = "0.8") },
    '/benchmarks/pope/metrics/accuracy: must be number (got "0.8")',
  ],
  [
    "pope.metrics given as a string",
    { results: (r) => (r.benchmarks.pope.metrics = "high") },
    '/benchmarks/pope/metrics: must be object (got "high")',
  ],
  ["model.factors given as a string", { results: (r) => (r.model.factors = "llm=a") }, '/model/factors: must be object (got "llm=a")'],
  ["a model name that is not a string", { results: (r) => (r.model.name = 7) }, "/model/name: must be string (got 7)"],
  ["a benchmark entry that is a number", { results: (r) => (r.benchmarks.pope = 0.8) }, "/benchmarks/pope: must be object (got 0.8)"],
  [
    "an item whose correct is 2",
    { items: '{"benchmark":"pope","id":"z","correct":2}' },
    "items.jsonl, line 41: not an item line: /correct: must be equal to one of the allowed values (got 2)",
  ],
  ["an item line that is not JSON", { items: '{"benchmark":"pope",' }, "items.jsonl, line 41: not valid JSON"],
];

describe("a damaged run folder is refused by every command that reads it (exit 2, file and JSON path, no stack)", () => {
  it.each(DAMAGES)("table (md; html with --ci): %s", async (_name, damage, where) => {
    const good = runFolder("good", { llm: "a" });
    const bad = runFolder("bad", { llm: "b" }, damage);
    const shown = damage.items !== undefined ? path.join(bad, "items.jsonl") : path.join(bad, "results.json");
    const out = path.join(tempDir(), "grid.html");
    writeFileSync(out, "earlier report");
    const before = readFileSync(path.join(bad, "results.json"), "utf8");
    for (const args of [
      ["table", good, bad],
      ["table", good, bad, "--ci", "--out", out],
    ]) {
      expectRefused(await runCli(args), shown, where);
    }
    expect(readFileSync(out, "utf8")).toBe("earlier report");
    expect(readFileSync(path.join(bad, "results.json"), "utf8")).toBe(before);
  });

  it.each(DAMAGES)("gate, as baseline and as candidate: %s — never PASS", async (_name, damage, where) => {
    const good = runFolder("good", { llm: "a" });
    const bad = runFolder("bad", { llm: "b" }, damage);
    const shown = damage.items !== undefined ? path.join(bad, "items.jsonl") : path.join(bad, "results.json");
    expectRefused(await runCli(["gate", "--baseline", bad, "--candidate", good]), shown, where);
    expectRefused(await runCli(["gate", "--baseline", good, "--candidate", bad]), shown, where);
  });

  it.each(DAMAGES)("effects: %s", async (_name, damage, where) => {
    const runs = [runFolder("a", { llm: "a" }), runFolder("b", { llm: "b" }), runFolder("c", { llm: "c" }, damage)];
    const shown = damage.items !== undefined ? path.join(runs[2]!, "items.jsonl") : path.join(runs[2]!, "results.json");
    expectRefused(await runCli(["effects", ...runs, "--factors", "llm"]), shown, where);
  });
});

describe("the gate and its baseline", () => {
  it("the same runs, undamaged, pass (so the refusals above are the damage, not the fixture)", async () => {
    const result = await runCli(["gate", "--baseline", runFolder("base", { llm: "a" }), "--candidate", runFolder("cand", { llm: "a" })]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("pope.accuracy");
  });
});
