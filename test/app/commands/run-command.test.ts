import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { pope } from "../../../datasets/pope/index.js";
import { runCli } from "../../helpers/cli.js";
import { expectedAnswer, writeChild } from "../../helpers/command-child.js";
import { tempDir } from "../../helpers/tmp.js";

const jsonLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, any>);
const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));

/** POPE metrics for the child's answers, computed in the test through the benchmark's own parser and scorer. */
async function expectedMetrics() {
  const samples = await pope.load(bundledDataDir(pope));
  const parsed = samples.map((s) => pope.parse(expectedAnswer(s.prompt), s));
  const outputs = new Map(samples.map((s) => [s.id, expectedAnswer(s.prompt)]));
  return (await pope.score(samples, parsed, { outputs })).metrics;
}

describe('vlm-bench run --model command:"node child.mjs" on the bundled POPE mini set', () => {
  it("answers every sample through the child, in flight together, and scores them", async () => {
    const dir = tempDir();
    const script = writeChild(dir, "my child.mjs"); // a space in the path: quoted on the command line
    const log = path.join(dir, "requests.jsonl");
    const out = path.join(dir, "out");
    const r = await runCli([
      "run",
      "--model",
      `command:node "${script}" --log ${log} --batch 4`,
      "--bench",
      "pope",
      "--concurrency",
      "4",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const requests = jsonLines(log);
    expect(requests).toHaveLength(216);
    expect(new Set(requests.map((q) => q.pid)).size).toBe(1); // spawned once for the run
    for (const q of requests) expect(existsSync(q.images[0]) && path.isAbsolute(q.images[0])).toBe(true);
    const predictions = jsonLines(path.join(out, "predictions.jsonl"));
    expect(predictions).toHaveLength(216);
    const result = results(out);
    expect(result.model).toMatchObject({ adapter: "command", name: `node "${script}" --log ${log} --batch 4` });
    expect(result.benchmarks.pope.metrics).toEqual(await expectedMetrics());
    expect(r.stderr).toMatch(/\[node\] child \d+ ready/);
  });

  it("a child that crashes on its third request is restarted; the run finishes with every sample", async () => {
    const dir = tempDir();
    const script = writeChild(dir);
    const log = path.join(dir, "requests.jsonl");
    const out = path.join(dir, "out");
    const r = await runCli([
      "run",
      "--model",
      `command:node ${script} --log ${log} --crash-at 3`,
      "--bench",
      "pope",
      "--limit",
      "8",
      "--concurrency",
      "1",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/exited with code 3; restarting it in/);
    expect(r.stderr).toMatch(/\[node\] crashing on request 3/);
    expect(new Set(jsonLines(log).map((q) => q.pid)).size).toBe(4); // 8 samples, 2 per child
    expect(results(out).benchmarks.pope).toMatchObject({ n: 8, failed: 0 });
  });

  it("a child that dies at start-up: exit 3 with its stderr, no hang, nothing half-written", async () => {
    const dir = tempDir();
    const script = writeChild(dir);
    const out = path.join(dir, "out");
    const r = await runCli(["run", "--model", `command:node ${script} --die`, "--bench", "pope", "--no-progress", "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/exited with code 1 before answering any request/);
    // One message, not "10 samples failed in a row" with the child's stderr repeated per sample.
    expect(r.stderr).not.toMatch(/in a row/);
    expect(r.stderr.match(/ {2}\| ModuleNotFoundError/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/\| ModuleNotFoundError: No module named 'torch'/);
    expect(existsSync(path.join(out, "results.json"))).toBe(false);
  });

  it("garbage on the child's stdout is reported once, naming the line, and the run still finishes", async () => {
    const dir = tempDir();
    const script = writeChild(dir);
    const out = path.join(dir, "out");
    const r = await runCli([
      "run",
      "--model",
      `command:node ${script} --garbage 2`,
      "--bench",
      "pope",
      "--limit",
      "5",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/protocol error/g)).toHaveLength(1);
    expect(r.stderr).toContain('stdout line 1 of "node');
    expect(r.stderr).toContain('"Loading checkpoint shards 0"');
  });

  it.each([
    ["a program not on PATH", "command:no-such-model-server --port 1", /command not found: "no-such-model-server"/],
    ["shell syntax", "command:python3 server.py > log.txt", /unquoted ">" is shell syntax/],
    ["no command", "command:", /no program given/],
  ])("%s: exit 2 before any model call", async (_what, model, message) => {
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--model", model, "--bench", "pope", "--no-progress", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(path.join(out, "predictions.jsonl"))).toBe(false);
  });
});
