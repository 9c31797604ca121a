import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { adapterOptions } from "../../adapters/index.js";
import { adapterOptionsOf } from "../../app/adapter-options.js";
import { runOptionsFor } from "../../app/config-options.js";
import { addOptions } from "../../app/option-flags.js";
import { runOptionTable } from "../../app/run-option-table.js";
import { parseConfig } from "../../src/config/load.js";
import { UsageError } from "../../src/errors.js";

describe("the adapters' option declarations, read through run's options table from flags and a config file's model entry", () => {
  const parse = (args: string[]) =>
    addOptions(new Command("run").exitOverride().configureOutput({ writeErr: () => {} }), runOptionTable())
      .parse(args, { from: "user" })
      .opts();

  it("reads flags by their declaration: text parsed, a bad value refused naming the flag", () => {
    const threads = adapterOptions.find((o) => o.key === "threads")!;
    expect(threads.parse("4", "--onnx-threads")).toBe(4);
    expect(() => threads.parse("0", "--onnx-threads")).toThrow(/--onnx-threads must be an integer ≥ 1, got 0/);
    expect(() => threads.parse("2.5", "--onnx-threads")).toThrow(/--onnx-threads must be an integer ≥ 1, got "2.5"/);
    expect(() => parse(["--onnx-threads", "0"])).toThrow(/--onnx-threads must be an integer ≥ 1, got 0/);
    const values = parse(["--onnx-threads", "4", "--onnx-ep", "cpu", "--model", "onnx:x"]);
    expect(adapterOptionsOf(values, "onnx:x", "onnx")).toEqual({ threads: 4, executionProvider: "cpu" });
  });

  it("refuses an adapter's flag for a model of another adapter (it would be ignored)", () => {
    expect(() => adapterOptionsOf({ onnxThreads: 4 }, "baseline:yes", "baseline")).toThrow(
      new UsageError("--onnx-threads is an option of onnx: models; --model is baseline:yes."),
    );
  });

  it("reads a config file's model entry by the declared paths, naming the JSON path of a bad value", () => {
    const config = parseConfig(
      {
        models: [
          { name: "o", model: "onnx:x", onnx: { threads: 2, dtype: "q8" } },
          { name: "c", model: "command:x", command: ["python3", "serve.py"] },
        ],
      },
      "/c.json",
    );
    const [onnx, command] = config.models.map((m) => adapterOptionsOf(runOptionsFor(config, m, {}), m.model, m.model.split(":")[0]!));
    expect(onnx).toEqual({ threads: 2, dtype: "q8" });
    expect(command).toEqual({ argv: ["python3", "serve.py"] });
    const bad = {
      models: [
        { name: "a", model: "onnx:x" },
        { name: "b", model: "onnx:y", onnx: { threads: "2" } },
      ],
    };
    expect(() => parseConfig(bad, "/c.json")).toThrow(/\/c\.json[\s\S]*\/models\/1\/onnx\/threads/);
  });
});
