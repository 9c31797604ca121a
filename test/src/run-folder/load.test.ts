import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { loadRun, readRunFolder } from "../../../src/run-folder/index.js";
import { writeRun } from "../../helpers/runs.js";
import { tempDir } from "../../helpers/tmp.js";

const caught = async (work: () => unknown): Promise<DataError> => {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
};

describe("loadRun", () => {
  it("reads results.json (or its folder) and groups items.jsonl by benchmark", async () => {
    const dir = path.join(tempDir(), "run");
    const file = writeRun(dir, {
      benchmarks: {
        a: [{ id: "1", correct: 1 }],
        b: [
          { id: "1", score: 0.5 },
          { id: "2", correct: 0 },
        ],
      },
    });
    for (const arg of [file, dir]) {
      const run = await loadRun(arg);
      expect(run.resultsFile).toBe(file);
      expect([...run.items.keys()]).toEqual(["a", "b"]);
      expect(run.items.get("b")!.map((i) => i.id)).toEqual(["1", "2"]);
    }
  });

  it.each([
    [
      '{"benchmark":"a","id":"1","correct":2}',
      /line 2: not an item line: \/correct: must be equal to one of the allowed values \(got 2\)/,
      "/correct",
    ],
    ['{"benchmark":"a","id":"1","score":1.5}', /line 2: not an item line: \/score: must be <= 1 \(got 1\.5\)/, "/score"],
    ['{"benchmark":"a","id":"1","score":"0.5"}', /line 2: not an item line: \/score: must be number \(got "0\.5"\)/, "/score"],
    ['{"id":"1","correct":1}', /line 2: not an item line: \(root\): missing field "benchmark"/, "/benchmark"],
    ['{"benchmark":"a","id":7}', /line 2: not an item line: \/id: must be string \(got 7\)/, "/id"],
    ['{"benchmark":"a","id":"1","parsed":3}', /line 2: not an item line: \/parsed: /, "/parsed"],
    ['{"benchmark":"a","id":"1","meta":"x"}', /line 2: not an item line: \/meta: must be object/, "/meta"],
    ['{"benchmark":"a","id":"1","correct":1,"score":1}', /line 2: not an item line: \(root\): has both "correct" and "score"/, ""],
    ["[1]", /line 2: not an item line: \(root\): must be object/, ""],
    ['{"benchmark":"a","id":"0","correct":1}', /line 2: a item "0" appears twice/, undefined],
    ["[1", /line 2: not valid JSON/, undefined],
  ])("a bad item line %s is a DataError naming the file, line and JSON path", async (line, message, jsonPath) => {
    const dir = path.join(tempDir(), "run");
    writeRun(dir, { benchmarks: { a: [{ id: "0", correct: 1 }] } });
    const items = path.join(dir, "items.jsonl");
    writeFileSync(items, `{"benchmark":"a","id":"0","correct":1}\n${line}\n`);
    const error = await caught(() => loadRun(dir));
    expect(error.message).toContain(`${items}, line 2`);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(2);
    expect(error.jsonPath).toBe(jsonPath);
  });

  it("needs items.jsonl next to results.json", async () => {
    const dir = path.join(tempDir(), "run");
    writeRun(dir, { benchmarks: { a: [{ id: "0", correct: 1 }] } });
    writeFileSync(path.join(dir, "items.jsonl"), "");
    expect((await loadRun(dir)).items.size).toBe(0);
    const other = path.join(tempDir(), "run");
    writeRun(other, { benchmarks: { a: [{ id: "0", correct: 1 }] } });
    const { rmSync } = await import("node:fs");
    rmSync(path.join(other, "items.jsonl"));
    const error = await caught(() => loadRun(other));
    expect(error.message).toContain(`${path.join(other, "items.jsonl")}: missing`);
  });
});

/** Rewrites the crafted run's results.json with `change` applied. */
function damaged(change: (results: Record<string, any>) => void): string {
  const dir = path.join(tempDir(), "run");
  const file = writeRun(dir, { benchmarks: { pope: [{ id: "0", correct: 1 }] } });
  const results = JSON.parse(readFileSync(file, "utf8"));
  change(results);
  writeFileSync(file, JSON.stringify(results));
  return file;
}

describe("results.json is checked against its schema on every read", () => {
  it.each([
    [
      "metrics a string",
      (r: any) => (r.benchmarks.pope.metrics = "0.8"),
      "/benchmarks/pope/metrics",
      '/benchmarks/pope/metrics: must be object (got "0.8")',
    ],
    [
      "a metric a string",
      (r: any) => (r.benchmarks.pope.metrics.accuracy = "0.8"),
      "/benchmarks/pope/metrics/accuracy",
      '/benchmarks/pope/metrics/accuracy: must be number (got "0.8")',
    ],
    [
      "a nested metric null",
      (r: any) => (r.benchmarks.pope.metrics.splits = { random: { f1: null } }),
      "/benchmarks/pope/metrics/splits/random/f1",
      "/benchmarks/pope/metrics/splits/random/f1: must be number (got null)",
    ],
    ["factors a string", (r: any) => (r.model.factors = "llm=a"), "/model/factors", '/model/factors: must be object (got "llm=a")'],
    [
      "a factor a number",
      (r: any) => (r.model.factors = { size: 7 }),
      "/model/factors/size",
      "/model/factors/size: must be string (got 7)",
    ],
    ["n negative", (r: any) => (r.benchmarks.pope.n = -1), "/benchmarks/pope/n", "/benchmarks/pope/n: must be >= 0 (got -1)"],
    ["no failed count", (r: any) => delete r.benchmarks.pope.failed, "/benchmarks/pope/failed", '/benchmarks/pope: missing field "failed"'],
    ["a benchmark a number", (r: any) => (r.benchmarks.pope = 0.8), "/benchmarks/pope", "/benchmarks/pope: must be object (got 0.8)"],
    ["no fingerprint", (r: any) => delete r.model.fingerprint, "/model/fingerprint", '/model: missing field "fingerprint"'],
    [
      "speed a string",
      (r: any) => (r.benchmarks.pope.speed = "fast"),
      "/benchmarks/pope/speed",
      '/benchmarks/pope/speed: must be object (got "fast")',
    ],
    [
      "an interval of one number",
      (r: any) => (r.benchmarks.pope.ci = { level: 0.95, resamples: 10, seed: 0, metrics: { accuracy: [0.5] } }),
      "/benchmarks/pope/ci/metrics/accuracy",
      "/benchmarks/pope/ci/metrics/accuracy: must NOT have fewer than 2 items",
    ],
    ["harness empty", (r: any) => (r.harness = ""), "/harness", "/harness: must NOT have fewer than 1 characters"],
  ])("%s: a DataError naming the file and the JSON path", async (_name, change, jsonPath, message) => {
    const file = damaged(change);
    for (const read of [() => loadRun(file), () => readRunFolder(file)]) {
      const error = await caught(read);
      expect(error.message).toContain(`${file}: not a valid results.json: ${message}`);
      expect(error.jsonPath).toBe(jsonPath);
      expect(error.file).toBe(file);
    }
  });

  it("tolerates fields it does not know (a newer harness's additions) at every level", async () => {
    const file = damaged((r) => {
      r.provenance = { tool: "x" };
      r.model.device = "cpu";
      r.benchmarks.pope.replicated = { runs: 5, total: 9000 };
      r.benchmarks.pope.source = { layout: "hf-parquet", revision: "abc" };
    });
    expect((await loadRun(file)).results.benchmarks.pope!.n).toBe(1);
  });
});

describe("predictions.jsonl, read with a run", () => {
  const record = (id: string, adapter = "crafted:model") =>
    JSON.stringify({ benchmark: "pope", id, adapter, prompt_sha: "s", text: "yes", latency_ms: 5, time: "t" });

  it("this model's records, in file order; a last line cut short is left out (and left in the file)", async () => {
    const dir = path.join(tempDir(), "run");
    writeRun(dir, { benchmarks: { pope: [{ id: "0", correct: 1 }] } });
    const file = path.join(dir, "predictions.jsonl");
    const cut = record("2").slice(0, 20);
    writeFileSync(file, `${record("0")}\n${record("0", "other:model")}\n${record("1")}\n${cut}`);
    const run = readRunFolder(dir, { predictions: true });
    expect(run.predictions!.map((r) => r.id)).toEqual(["0", "1"]);
    expect(readFileSync(file, "utf8").endsWith(cut)).toBe(true);
    expect(readRunFolder(dir).predictions).toBeUndefined();
  });

  it("a broken record in the middle is a DataError naming file and line; no file is null", async () => {
    const dir = path.join(tempDir(), "run");
    writeRun(dir, { benchmarks: { pope: [{ id: "0", correct: 1 }] } });
    expect(readRunFolder(dir, { predictions: true }).predictions).toBeNull();
    const file = path.join(dir, "predictions.jsonl");
    writeFileSync(file, `${record("0")}\n{"benchmark":"pope","id":"1"}\n`);
    appendFileSync(file, `${record("2")}\n`);
    const error = await caught(() => readRunFolder(dir, { predictions: true }));
    expect(error.message).toContain(`${file}, line 2: not a prediction record`);
    expect(error.line).toBe(2);
  });
});
