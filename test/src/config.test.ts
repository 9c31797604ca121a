import path from "node:path";
import { describe, expect, it } from "vitest";
import { adapterOptionsOf } from "../../app/adapter-options.js";
import { runOptionsFor } from "../../app/config-options.js";
import { parseConfig } from "../../src/config/load.js";
import { UsageError } from "../../src/errors.js";

const FILE = "/work/exp/vlm-bench.config.json";
const parse = (value: unknown) => parseConfig(value, FILE);
const errorOf = (value: unknown): string => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no error");
};

describe("config validation (schema/vlm-bench.config.schema.json via ajv)", () => {
  it("accepts a full config, resolving paths against the file's folder and factor values to strings", () => {
    const config = parse({
      $schema: "./node_modules/vlm-bench/schema/vlm-bench.config.schema.json",
      models: [
        {
          name: "gemma-2b",
          model: "openai:Intel/llava-gemma-2b",
          base_url: "http://127.0.0.1:8000/v1",
          api_key_env: "VLLM_KEY",
          max_tokens: 64,
          temperature: 0,
          seed: 3,
          timeout: 30,
          retries: 2,
          factors: { llm: "gemma-2b-it", pretrain: true, size: 2 },
        },
        { name: "local", model: "command:my-model", command: ["python3", "serve.py", "--fp16"], out: "/abs/local" },
        { name: "onnx", model: "onnx:models/tiny", onnx: { execution_provider: "cpu", threads: 2 } },
      ],
      benchmarks: ["pope", "gqa"],
      data: "data",
      out: "runs",
      concurrency: 4,
      limit: 20,
      max_failed: 1,
      judge: { model: "openai:gpt-4o", base_url: "https://api.openai.com/v1", api_key_env: "OPENAI_API_KEY", runs: 3 },
      gate: { max_drop: 0.01, alpha: 0.05, max_drop_per_metric: { "pope.f1": 0.02, "mme.perception": 20 } },
    });
    expect(config).toMatchObject({ file: FILE, data: "/work/exp/data", out: "/work/exp/runs", concurrency: 4, limit: 20 });
    expect(config.models.map((m) => m.out)).toEqual(["/work/exp/runs/gemma-2b", "/abs/local", "/work/exp/runs/onnx"]);
    expect(config.models[0]!.factors).toEqual({ llm: "gemma-2b-it", pretrain: "true", size: "2" });
    expect(config.gate).toEqual({ max_drop: 0.01, alpha: 0.05, max_drop_per_metric: { "pope.f1": 0.02, "mme.perception": 20 } });
    expect(config).not.toHaveProperty("$schema");
  });

  it("defaults the root output folder to vlm-bench-results next to the file", () => {
    expect(parse({ models: [{ name: "a", model: "baseline:yes" }] }).models[0]!.out).toBe(path.join("/work/exp/vlm-bench-results", "a"));
  });

  it.each([
    ["an unknown top-level key", { models: [{ name: "a", model: "baseline:yes" }], modles: [] }, '/: unknown key "modles"'],
    ["an unknown model key", { models: [{ name: "a", model: "baseline:yes", temprature: 0 }] }, '/models/0: unknown key "temprature"'],
    [
      "a missing model name",
      { models: [{ name: "a", model: "baseline:yes" }, { model: "baseline:no" }] },
      '/models/1: missing required key "name"',
    ],
    ["a wrong type", { models: [{ name: "a", model: "baseline:yes", max_tokens: "64" }] }, "/models/0/max_tokens: must be integer"],
    [
      "a factor of the wrong type",
      { models: [{ name: "a", model: "baseline:yes", factors: { llm: ["x"] } }] },
      "/models/0/factors/llm: must be string or number or boolean",
    ],
    ["no models", { models: [] }, "/models: must NOT have fewer than 1 items"],
    ["a model without ADAPTER:", { models: [{ name: "a", model: "llava" }] }, "/models/0/model: must match ^[A-Za-z][A-Za-z0-9_-]*:"],
    ["a name unfit for a folder", { models: [{ name: "../x", model: "baseline:yes" }] }, "/models/0/name: must match"],
    ["an alpha of 1", { models: [{ name: "a", model: "baseline:yes" }], gate: { alpha: 1 } }, "/gate/alpha: must be < 1"],
    [
      "a bad per-metric key",
      { models: [{ name: "a", model: "baseline:yes" }], gate: { max_drop_per_metric: { f1: 0.1 } } },
      '/gate/max_drop_per_metric: key "f1" is not allowed',
    ],
    [
      "a judge without model",
      { models: [{ name: "a", model: "baseline:yes" }], judge: { runs: 2 } },
      '/judge: missing required key "model"',
    ],
    [
      "duplicate names",
      {
        models: [
          { name: "a", model: "baseline:yes" },
          { name: "a", model: "baseline:no" },
        ],
      },
      '/models/1/name: "a" is already the name of /models/0',
    ],
  ])("rejects %s, naming the JSON path", (_, value, expected) => {
    const message = errorOf(value);
    expect(message).toContain(`${FILE} is not a valid vlm-bench config:`);
    expect(message).toContain(expected);
  });

  it("reports every problem at once", () => {
    const message = errorOf({ models: [{ model: "baseline:yes", seed: -1 }], extra: 1 });
    expect(message).toContain('/: unknown key "extra"');
    expect(message).toContain('/models/0: missing required key "name"');
    expect(message).toContain("/models/0/seed: must be >= 0");
  });
});

describe("config model → run options", () => {
  const config = parse({
    models: [{ name: "m", model: "command:x", command: ["python3", "m.py"], max_tokens: 64, factors: { llm: "a" } }],
    benchmarks: ["pope"],
    limit: 10,
    judge: { model: "openai:j", runs: 2 },
  });

  it("maps file keys to run's options, with run's defaults", () => {
    expect(runOptionsFor(config, config.models[0]!, { progress: false })).toEqual({
      model: "command:x",
      label: "m",
      baseUrl: ["http://127.0.0.1:8000/v1"],
      apiKeyEnv: "OPENAI_API_KEY",
      bench: "pope",
      data: undefined,
      out: "/work/exp/vlm-bench-results/m",
      concurrency: "auto",
      maxConcurrency: 256,
      limit: 10,
      maxTokens: 64,
      temperature: 0,
      seed: 0,
      timeout: 120,
      retries: 5,
      maxFailed: 0,
      factor: ["llm=a"],
      progress: false,
      command: ["python3", "m.py"],
      judge: "openai:j",
      judgeRuns: 2,
    });
  });

  it("lets options given on the command line override the file's run-wide settings", () => {
    const options = runOptionsFor(config, config.models[0]!, { limit: 3, bench: "gqa", progress: true }, new Set(["limit", "bench"]));
    expect(options).toMatchObject({ limit: 3, bench: "gqa" });
  });

  it("applies an adapter flag given on the command line (--onnx-threads) to every model of that adapter, over the file's value", () => {
    const onnx = parse({ models: [{ name: "o", model: "onnx:/m", onnx: { threads: 2, dtype: "q8" } }] });
    const options = runOptionsFor(onnx, onnx.models[0]!, { progress: true, onnxThreads: 4 }, new Set(["onnxThreads"]));
    expect(adapterOptionsOf(options, "onnx:/m", "onnx")).toEqual({ threads: 4, dtype: "q8" });
    expect(adapterOptionsOf(runOptionsFor(config, config.models[0]!, { progress: true }), "command:x", "command")).toEqual({
      argv: ["python3", "m.py"],
    });
  });
});
