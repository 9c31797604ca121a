import path from "node:path";
import { describe, expect, it } from "vitest";
import { refuseUnusedAdapterOptions, refuseWithConfig, runOptionsFor, withCommandLinePaths } from "../../app/config-options.js";
import { optionName } from "../../app/option-def.js";
import { runOptionTable } from "../../app/run-option-table.js";
import { parseConfig } from "../../src/config/load.js";
import { UsageError } from "../../src/errors.js";

const FILE = "/work/exp/vlm-bench.config.json";

/**
 * For every option of `run` that `--config` lets through: a value in the file and another on the
 * command line (as commander parses it), and what runOptionsFor must hold for each. A new option
 * in the table without a row here fails the first test.
 */
const APPLIES: Record<string, { file: Record<string, unknown>; cli: unknown; fromFile: unknown }> = {
  bench: { file: { benchmarks: ["pope", "gqa"] }, cli: "mme", fromFile: "pope,gqa" },
  data: { file: { data: "data" }, cli: "/elsewhere", fromFile: "/work/exp/data" },
  out: { file: { out: "runs" }, cli: "/cli-out", fromFile: "/work/exp/runs" },
  concurrency: { file: { concurrency: 4 }, cli: 2, fromFile: 4 },
  maxConcurrency: { file: { max_concurrency: 64 }, cli: 32, fromFile: 64 },
  limit: { file: { limit: 10 }, cli: 3, fromFile: 10 },
  popeSet: { file: { pope_set: "llava" }, cli: "llava", fromFile: "llava" },
  timeout: { file: { models: [{ timeout: 30 }] }, cli: 600, fromFile: 30 },
  retries: { file: { models: [{ retries: 1 }] }, cli: 0, fromFile: 1 },
  maxFailed: { file: { max_failed: 2 }, cli: 5, fromFile: 2 },
  progress: { file: {}, cli: false, fromFile: true },
  onnxEp: { file: { models: [{ onnx: { execution_provider: "cuda" } }] }, cli: "cpu", fromFile: "cuda" },
  onnxThreads: { file: { models: [{ onnx: { threads: 4 } }] }, cli: 1, fromFile: 4 },
  onnxDtype: { file: { models: [{ onnx: { dtype: "q8" } }] }, cli: "fp32", fromFile: "q8" },
  replicas: { file: { models: [{ model: "command:python3 m.py", replicas: 4 }] }, cli: 2, fromFile: 4 },
  devices: { file: { models: [{ model: "command:python3 m.py", devices: "0,1" }] }, cli: "2,3", fromFile: "0,1" },
  judge: { file: { judge: { model: "openai:file-judge" } }, cli: "openai:cli-judge", fromFile: "openai:file-judge" },
  judgeBaseUrl: {
    file: { judge: { model: "openai:j", base_url: "http://file/v1" } },
    cli: ["http://127.0.0.1:8111/v1"],
    fromFile: ["http://file/v1"],
  },
  judgeApiKeyEnv: { file: { judge: { model: "openai:j", api_key_env: "FILE_KEY" } }, cli: "CLI_KEY", fromFile: "FILE_KEY" },
  judgeRuns: { file: { judge: { model: "openai:j", runs: 3 } }, cli: 2, fromFile: 3 },
  config: { file: {}, cli: FILE, fromFile: FILE },
};

/** Options that describe one model: given next to --config they are refused, whatever the file says. */
const REFUSED: Record<string, unknown> = {
  model: "baseline:yes",
  baseUrl: "http://127.0.0.1:1/v1",
  apiKeyEnv: "KEY",
  maxTokens: 64,
  temperature: 0.5,
  seed: 2,
  factor: ["llm=x"],
  shard: "0/2",
  shards: 2,
};

/** One onnx model (so the onnx options reach it), the file's extra keys merged in. */
function configWith(extra: Record<string, unknown>) {
  const { models, ...top } = extra as { models?: Record<string, unknown>[] };
  return parseConfig({ models: [{ name: "m", model: "onnx:/models/tiny", ...(models?.[0] ?? {}) }], ...top }, FILE);
}

function asGiven(config: ReturnType<typeof configWith>, key: string, cli: unknown) {
  const explicit = new Set([key]);
  const placed = withCommandLinePaths(config, { [key]: cli }, explicit);
  return runOptionsFor(placed, placed.models[0]!, { [key]: cli, config: FILE }, explicit);
}

describe("run --config: every command-line option applies or is refused (app/options.ts)", () => {
  it("has a case for every option with a command-line form", () => {
    const flagged = runOptionTable()
      .filter((d) => d.flag !== undefined)
      .map((d) => d.key);
    expect(flagged.filter((k) => !(k in APPLIES) && !(k in REFUSED))).toEqual([]);
    for (const def of runOptionTable()) {
      if (def.key in APPLIES) expect(def.withConfig, def.key).toBe("applies");
      if (def.key in REFUSED) expect(def.withConfig, def.key).toBe("refused");
    }
  });

  it.each(Object.entries(APPLIES))("%s: the file's value, and the command line's when given", (key, { file, cli, fromFile }) => {
    const config = configWith(file);
    const fromConfig = runOptionsFor(config, config.models[0]!, { config: FILE }, new Set());
    const given = asGiven(config, key, cli);
    if (key === "out") {
      expect(fromConfig.out).toBe(path.join(String(fromFile), "m"));
      expect(given.out).toBe(path.join(String(cli), "m"));
    } else {
      expect(fromConfig[key]).toEqual(fromFile);
      expect(given[key]).toEqual(cli);
    }
    expect(() => refuseWithConfig(FILE, new Set([key]))).not.toThrow();
  });

  it.each(Object.entries(REFUSED))("%s given next to --config is refused (exit 2) by its flag", (key) => {
    const def = runOptionTable().find((d) => d.key === key)!;
    const error = (() => {
      try {
        refuseWithConfig(FILE, new Set([key]));
      } catch (e) {
        return e as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.exitCode).toBe(2);
    expect(error!.message).toBe(`${optionName(def)} cannot be combined with --config: set them per model in ${FILE}.`);
  });

  it("names every refused option at once, in the table's order", () => {
    expect(() => refuseWithConfig(FILE, new Set(["seed", "model", "limit"]))).toThrow(/^--model, --seed cannot be combined with --config/);
  });

  it("falls back to the table's defaults when neither gives a value", () => {
    const config = parseConfig({ models: [{ name: "m", model: "baseline:yes" }] }, FILE);
    expect(runOptionsFor(config, config.models[0]!, {}, new Set())).toMatchObject({
      baseUrl: ["http://127.0.0.1:8000/v1"],
      apiKeyEnv: "OPENAI_API_KEY",
      concurrency: "auto",
      maxConcurrency: 256,
      maxTokens: 128,
      temperature: 0,
      seed: 0,
      timeout: 120,
      retries: 5,
      maxFailed: 0,
      progress: true,
    });
  });
});

describe("run --config: an adapter's own options", () => {
  const mixed = parseConfig(
    {
      models: [
        { name: "a", model: "onnx:/m" },
        { name: "b", model: "baseline:yes" },
      ],
    },
    FILE,
  );

  it("reach the models of that adapter only", () => {
    const explicit = new Set(["onnxThreads"]);
    const [onnx, baseline] = mixed.models.map((m) => runOptionsFor(mixed, m, { onnxThreads: 2 }, explicit));
    expect(onnx!.onnxThreads).toBe(2);
    expect(baseline).not.toHaveProperty("onnxThreads");
    expect(() => refuseUnusedAdapterOptions(mixed, explicit)).not.toThrow();
  });

  it("are refused (exit 2) when no model of the file is of that adapter", () => {
    const none = parseConfig({ models: [{ name: "b", model: "baseline:yes" }] }, FILE);
    expect(() => refuseUnusedAdapterOptions(none, new Set(["onnxThreads"]))).toThrow(
      `--onnx-threads is an option of onnx: models, and no model of ${FILE} is one.`,
    );
  });

  it("are refused in the file on another adapter's model, naming the JSON path", () => {
    const config = parseConfig({ models: [{ name: "b", model: "baseline:yes", onnx: { threads: 2 } }] }, FILE);
    expect(() => runOptionsFor(config, config.models[0]!, {}, new Set())).toThrow(
      `${FILE}: /models/0/onnx/threads: an option of onnx: models, but this model is baseline:yes.`,
    );
  });
});
