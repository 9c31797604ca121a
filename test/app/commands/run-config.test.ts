import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { pope } from "../../../datasets/pope/index.js";
import { runCli } from "../../helpers/cli.js";
import { reply, ScriptedServer } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n");
const THREE_MODELS = {
  models: [
    { name: "random", model: "baseline:random", seed: 1, factors: { answer: "coin" } },
    { name: "always-yes", model: "baseline:yes", factors: { answer: "yes" } },
    { name: "always-no", model: "baseline:no", factors: { answer: "no" } },
  ],
  benchmarks: ["pope"],
  out: "results",
  concurrency: 4,
};

function writeConfig(value: unknown): string {
  const file = path.join(tempDir(), "vlm-bench.config.json");
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe("vlm-bench run --config with three baseline models on the bundled data", () => {
  let file: string;
  let root: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    file = writeConfig(THREE_MODELS);
    root = path.join(path.dirname(file), "results");
    result = await runCli(["run", "--config", file, "--no-progress"]);
  });

  it("runs every model into its own folder and prints the grid of all three", () => {
    expect(result.code).toBe(0);
    for (const name of ["random", "always-yes", "always-no"]) {
      const results = JSON.parse(readFileSync(path.join(root, name, "results.json"), "utf8"));
      expect(results.model.label).toBe(name);
      expect(lines(path.join(root, name, "items.jsonl"))).toHaveLength(216);
    }
    const grid = result.stdout.split("\n");
    expect(grid[0]).toBe("| Model | answer | POPE Acc. | POPE F1 | samples/s | p50 ms | p95 ms | rel. speed |");
    // always yes: accuracy 1/2 and F1 2/3 on POPE's balanced splits; always no: F1 0
    expect(grid[3]).toMatch(/^\| always-yes \| yes \| (\*\*)?0\.500(\*\*)? \| \*\*0\.667\*\* \|/);
    expect(grid[4]).toMatch(/^\| always-no \| no \| (\*\*)?0\.500(\*\*)? \| 0\.000 \|/);
    expect(result.stderr).toContain(`grid: ${path.join(root, "table.md")}`);
  });

  it("writes the grid in every format at the top of the output folder", () => {
    expect(readFileSync(path.join(root, "table.md"), "utf8")).toBe(result.stdout);
    expect(lines(path.join(root, "table.csv"))[0]).toBe(
      "model,answer,pope.accuracy,pope.f1,best,partial,samples/s,p50 ms,p95 ms,rel. speed\r",
    );
    expect(JSON.parse(readFileSync(path.join(root, "table.json"), "utf8")).rows.map((r: { label: string }) => r.label)).toEqual([
      "random",
      "always-yes",
      "always-no",
    ]);
    expect(readFileSync(path.join(root, "table.tex"), "utf8")).toMatch(/^\\begin\{tabular\}\{llrrrrrr\}/);
    const html = readFileSync(path.join(root, "report.html"), "utf8");
    expect(html).toContain('<script type="application/json" id="report-data">');
    expect(html).toMatch(/"i0":"data:image\/jpeg;base64,/); // thumbnails from the bundled images (not the page script's own check)
    // titled by the models, not the config file; intervals computed for the page, not written back
    expect(html).toContain("<title>vlm-bench: random vs always-yes vs always-no</title>");
    expect(html.match(/<article class="card"/g)).toHaveLength(3);
    expect(html).toMatch(
      /<td class="num( best)?" data-best="(true|false)"><span class="value">(<strong>)?0\.500(<\/strong>)?<\/span> <span class="ci">\[/,
    );
    expect(JSON.parse(readFileSync(path.join(root, "random", "results.json"), "utf8")).benchmarks.pope.ci).toBeUndefined();
    expect(html).not.toContain('id="speed"'); // baseline rows only: their speed measures the harness
  });

  it("resumes: a second run asks nothing again and prints the same metrics", async () => {
    const again = await runCli(["run", "--config", file, "--no-progress"]);
    expect(again.code).toBe(0);
    const metrics = (out: string) => out.split("\n").map((l) => l.split(" | ").slice(0, 4).join(" | "));
    expect(metrics(again.stdout)).toEqual(metrics(result.stdout));
    for (const name of ["random", "always-yes", "always-no"]) expect(lines(path.join(root, name, "predictions.jsonl"))).toHaveLength(216);
  });

  it("lets --limit on the command line override the file", async () => {
    const limited = writeConfig({ ...THREE_MODELS, models: THREE_MODELS.models.slice(0, 1) });
    const run = await runCli(["run", "--config", limited, "--limit", "5", "--no-progress"]);
    expect(run.code).toBe(0);
    expect(lines(path.join(path.dirname(limited), "results", "random", "items.jsonl"))).toHaveLength(5);
  });
});

describe("vlm-bench run --config: bad input exits 2 before any model call", () => {
  it.each([
    [{ ...THREE_MODELS, colour: "red" }, /is not a valid vlm-bench config:\n {2}\/: unknown key "colour"/],
    [{ models: [{ model: "baseline:yes" }] }, /\/models\/0: missing required key "name"/],
    [{ models: [{ name: "a", model: "baseline:yes", temperature: "hot" }] }, /\/models\/0\/temperature: must be number/],
    [
      {
        models: [
          { name: "a", model: "baseline:yes" },
          { name: "b", model: "llama:x" },
        ],
      },
      /\/models\/1\/model: unknown adapter "llama"/,
    ],
    [{ models: [{ name: "a", model: "baseline:yes" }], benchmarks: ["pope", "nope"] }, /unknown benchmark "nope"/],
  ])("%j", async (config, message) => {
    const file = writeConfig(config);
    const result = await runCli(["run", "--config", file, "--no-progress"]);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(existsSync(path.join(path.dirname(file), "vlm-bench-results"))).toBe(false);
  });

  it("refuses per-model options next to --config", async () => {
    const result = await runCli(["run", "--config", writeConfig(THREE_MODELS), "--model", "baseline:yes", "--seed", "2"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--model, --seed cannot be combined with --config: set them per model in");
  });

  it("names a config file that is not JSON", async () => {
    const file = path.join(tempDir(), "bad.json");
    writeFileSync(file, "{ models: [");
    const result = await runCli(["run", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: not valid JSON`);
  });
});

describe("vlm-bench run --config with command-line options (app/options.ts: each applies or exits 2)", () => {
  let servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const judgeServer = async () => {
    const s = await ScriptedServer.start({ answer: () => reply.completion("1.0") });
    servers.push(s);
    return s;
  };
  const ONE = { models: [{ name: "yes", model: "baseline:yes" }], benchmarks: ["mmvet"], out: "results" };
  const resultsOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8"));

  it("--judge and --judge-base-url: MM-Vet is graded by that judge at that server", async () => {
    const judge = await judgeServer();
    const file = writeConfig(ONE);
    const r = await runCli(["run", "--config", file, "--judge", "openai:judge-1", "--judge-base-url", judge.baseUrl, "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("pass --judge");
    expect(judge.received.length).toBeGreaterThan(0);
    expect(JSON.parse(judge.received[0]!.body).model).toBe("judge-1");
    const mmvet = resultsOf(path.join(path.dirname(file), "results", "yes")).benchmarks.mmvet;
    expect(mmvet.judge).toMatchObject({ model: "openai:judge-1", runs: 1 });
    expect(mmvet.metrics.total).toBe(1); // every reply grades 1.0
  });

  it("--judge-runs wins over the file's judge.runs; --out moves the root folder", async () => {
    const judge = await judgeServer();
    const file = writeConfig({ ...ONE, judge: { model: "openai:j", base_url: judge.baseUrl, runs: 3 } });
    const out = path.join(tempDir(), "elsewhere");
    const r = await runCli(["run", "--config", file, "--judge-runs", "2", "--out", out, "--limit", "2", "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    expect(resultsOf(path.join(out, "yes")).benchmarks.mmvet.judge).toMatchObject({ runs: 2 });
    expect(existsSync(path.join(out, "table.md"))).toBe(true);
    expect(existsSync(path.join(path.dirname(file), "results"))).toBe(false);
  });

  it("--bench and --data win over the file's benchmarks and data", async () => {
    const data = tempDir();
    symlinkSync(bundledDataDir(pope), path.join(data, "pope"));
    const file = writeConfig({ ...ONE, data: "no-such-folder" });
    const r = await runCli(["run", "--config", file, "--bench", "pope", "--data", data, "--limit", "3", "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(resultsOf(path.join(path.dirname(file), "results", "yes")).benchmarks)).toEqual(["pope"]);
  });

  it.each([
    [["--max-tokens", "64", "--factor", "a=b"], "--max-tokens, --factor cannot be combined with --config"],
    [
      ["--base-url", "http://127.0.0.1:1/v1", "--api-key-env", "K", "--temperature", "1"],
      "--base-url, --api-key-env, --temperature cannot be combined with --config",
    ],
    [["--onnx-threads", "2"], "--onnx-threads is an option of onnx: models, and no model of"],
    [["--judge-runs", "2"], "--judge-runs given without --judge"],
  ])("%j exits 2 naming it, before any model call", async (extra, message) => {
    const file = writeConfig(ONE);
    const r = await runCli(["run", "--config", file, ...extra, "--no-progress"]);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(path.dirname(file), "results"))).toBe(false);
  });

  it("without --config, an adapter's option for another adapter exits 2 too", async () => {
    const r = await runCli([
      "run",
      "--model",
      "baseline:yes",
      "--onnx-threads",
      "2",
      "--bench",
      "pope",
      "--out",
      tempDir(),
      "--no-progress",
    ]);
    expect(r.stderr).toContain("--onnx-threads is an option of onnx: models; --model is baseline:yes.");
    expect(r.code).toBe(2);
  });
});
