import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n");
/** POPE's bundled mini set: 216 samples (72 per split). */
const POPE_N = 216;

/** The README's config: two models on POPE, one folder each under `out`. */
function writeConfig(root: string): string {
  const file = path.join(root, "vlm-bench.config.json");
  const config = {
    models: [
      { name: "random", model: "baseline:random", seed: 1 },
      { name: "always-yes", model: "baseline:yes" },
    ],
    benchmarks: ["pope"],
    out: "results",
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

describe("the README's smoke test (`run --config … --limit 5 --bench pope`) after a full run", () => {
  let root: string;
  let limited: Awaited<ReturnType<typeof runCli>>;
  const before: Record<string, string> = {};
  const itemsBefore: Record<string, string> = {};
  beforeAll(async () => {
    const dir = tempDir();
    const config = writeConfig(dir);
    root = path.join(dir, "results");
    expect((await runCli(["run", "--config", config, "--no-progress"])).code).toBe(0);
    for (const name of ["random", "always-yes"]) {
      before[name] = readFileSync(path.join(root, name, "results.json"), "utf8");
      itemsBefore[name] = readFileSync(path.join(root, name, "items.jsonl"), "utf8");
    }
    limited = await runCli(["run", "--config", config, "--limit", "5", "--bench", "pope", "--no-progress"]);
  });

  it("keeps each model's complete POPE result and items, and says so", () => {
    expect(limited.code).toBe(0);
    for (const name of ["random", "always-yes"]) {
      const results = readJson(path.join(root, name, "results.json"));
      expect(results.benchmarks.pope.n).toBe(POPE_N);
      expect(results.benchmarks.pope.partial).toBeUndefined();
      expect(results.benchmarks.pope.metrics).toEqual(JSON.parse(before[name]!).benchmarks.pope.metrics);
      expect(readFileSync(path.join(root, name, "items.jsonl"), "utf8")).toBe(itemsBefore[name]);
    }
    expect(limited.stderr).toMatch(
      /pope: kept the complete result already in .*results\.json \(n=216\); this run covered 5 of 216 samples \(--limit 5\)/,
    );
    expect(readFileSync(path.join(root, "table.md"), "utf8")).not.toContain("†");
  });
});

describe("a fresh --limit run is recorded as partial and marked in every table format", () => {
  let full: string;
  let part: string;
  beforeAll(async () => {
    const dir = tempDir();
    full = path.join(dir, "full");
    part = path.join(dir, "part");
    expect((await runCli(["run", "--model", "baseline:random", "--bench", "pope", "--out", full, "--no-progress"])).code).toBe(0);
    expect((await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--limit", "5", "--out", part, "--no-progress"])).code).toBe(
      0,
    );
  });

  it("results.json says limit, n and the full count; items.jsonl holds the 5 scored", () => {
    const pope = readJson(path.join(part, "results.json")).benchmarks.pope;
    expect(pope.n).toBe(5);
    expect(pope.partial).toEqual({ limit: 5, n: 5, of: POPE_N });
    expect(lines(path.join(part, "items.jsonl"))).toHaveLength(5);
    expect(readJson(path.join(full, "results.json")).benchmarks.pope.partial).toBeUndefined();
  });

  it("table.md of the run marks the cells with † and a note", () => {
    const table = readFileSync(path.join(part, "table.md"), "utf8");
    expect(table).toMatch(/\| baseline:yes \| [\d.]+† \| [\d.]+† \|/);
    expect(table).toContain("† partial: baseline:yes's pope was scored on 5 of 216 samples (--limit 5)");
  });

  it("md and html mark it and never mark it best, though its number is the higher", async () => {
    const md = await runCli(["table", full, part]);
    expect(md.code).toBe(0);
    // The 5-sample number is the higher one here: without the rule it would be bold.
    const [random, yes] = JSON.parse((await runCli(["table", full, part, "--format", "json"])).stdout).rows;
    expect(yes.metrics["pope.accuracy"].value).toBeGreaterThan(random.metrics["pope.accuracy"].value);
    const yesRow = md.stdout.split("\n").find((l) => l.startsWith("| baseline:yes"))!;
    expect(yesRow).toContain("†");
    expect(yesRow).not.toContain("**");
    const html = await runCli(["table", full, part, "--format", "html"]);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(
      /<td class="num partial" data-best="false" data-partial="5\/216"[^>]*><span class="value">[\d.]+<\/span><sup>†<\/sup>/,
    );
    expect(html.stdout).toContain("partial: baseline:yes&#39;s pope was scored on 5 of 216 samples");
  });

  it("csv has a partial column, json a partial field per metric, tex a dagger", async () => {
    const csv = await runCli(["table", full, part, "--format", "csv"]);
    const [header, random, yes] = csv.stdout
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    const at = header!.indexOf("partial");
    expect(at).toBeGreaterThan(0);
    expect(random![at]).toBe("");
    expect(yes![at]).toBe("pope:5/216");
    expect(yes![header!.indexOf("best")]).toBe("");

    const json = JSON.parse((await runCli(["table", full, part, "--format", "json"])).stdout);
    const [r, y] = json.rows;
    expect(r.metrics["pope.accuracy"].partial).toBeNull();
    expect(y.metrics["pope.accuracy"]).toMatchObject({ partial: { limit: 5, n: 5, of: POPE_N }, best: false });
    expect(json.notes.some((n: string) => n.includes("5 of 216 samples"))).toBe(true);

    const tex = (await runCli(["table", full, part, "--format", "tex"])).stdout;
    expect(tex).toMatch(/baseline:yes & [\d.]+\$\^\\dagger\$ & [\d.]+\$\^\\dagger\$/);
    expect(tex).toContain("Note: $^\\dagger$ partial:");
  });

  it("the gate refuses a partial run against a complete one, either way round (exit 2)", async () => {
    for (const [baseline, candidate, which] of [
      [full, part, "candidate"],
      [part, full, "baseline"],
    ] as const) {
      const gate = await runCli(["gate", "--baseline", baseline, "--candidate", candidate]);
      expect(gate.code).toBe(2);
      expect(gate.stderr).toContain(`pope: the ${which}'s result is partial (5 of 216 samples, --limit 5) and the`);
      expect(gate.stderr).toMatch(/without --limit/);
      expect(gate.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a complete run into the partial folder replaces the partial result", async () => {
    expect((await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--out", part, "--no-progress"])).code).toBe(0);
    const pope = readJson(path.join(part, "results.json")).benchmarks.pope;
    expect(pope.n).toBe(POPE_N);
    expect(pope.partial).toBeUndefined();
    expect(lines(path.join(part, "items.jsonl"))).toHaveLength(POPE_N);
  });
});

describe("a run into an --out that holds another model's run", () => {
  it("is refused with exit 2 naming the other fingerprint; results.json and items.jsonl stay as they were", async () => {
    const out = path.join(tempDir(), "out");
    expect((await runCli(["run", "--model", "baseline:random", "--bench", "pope,gqa", "--out", out, "--no-progress"])).code).toBe(0);
    const results = readFileSync(path.join(out, "results.json"), "utf8");
    const items = readFileSync(path.join(out, "items.jsonl"), "utf8");
    const other = await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--out", out, "--no-progress"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds the results of another model \(baseline:random\|[^)]*\), not of baseline:yes\|.*use another --out/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(out, "results.json"), "utf8")).toBe(results);
    expect(readFileSync(path.join(out, "items.jsonl"), "utf8")).toBe(items);
  });

  it("after its results.json is deleted (as the refusal says), the new run's items.jsonl holds only the new model's lines", async () => {
    const out = path.join(tempDir(), "out");
    expect((await runCli(["run", "--model", "baseline:random", "--bench", "pope,gqa", "--out", out, "--no-progress"])).code).toBe(0);
    rmSync(path.join(out, "results.json"));
    expect((await runCli(["run", "--model", "baseline:yes", "--bench", "pope", "--out", out, "--no-progress"])).code).toBe(0);
    const items = lines(path.join(out, "items.jsonl")).map((l) => JSON.parse(l));
    expect(items).toHaveLength(POPE_N);
    expect(items.every((i) => i.benchmark === "pope" && i.parsed === "yes")).toBe(true);
  });
});
