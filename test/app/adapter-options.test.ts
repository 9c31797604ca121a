import { describe, expect, it } from "vitest";
import { adapterOptions } from "../../adapters/index.js";
import { adapterOptionsFromConfig, adapterOptionsFromFlags } from "../../app/adapter-options.js";

describe("the adapters' option declarations, read from run's flags and a config file's model entry", () => {
  it("reads flags by their declaration: text parsed, a bad value refused naming the flag", () => {
    const threads = adapterOptions.find((o) => o.key === "threads")!;
    expect(threads.parse("4", "--onnx-threads")).toBe(4);
    expect(() => threads.parse("0", "--onnx-threads")).toThrow(/--onnx-threads must be an integer ≥ 1, got 0/);
    expect(() => threads.parse("2.5", "--onnx-threads")).toThrow(/--onnx-threads must be an integer ≥ 1, got "2.5"/);
    expect(adapterOptionsFromFlags({ onnxThreads: 4, onnxEp: "cpu", model: "onnx:x" }, adapterOptions)).toEqual({
      threads: 4,
      executionProvider: "cpu",
    });
  });

  it("reads a config file's model entry by the declared paths, naming the JSON path of a bad value", () => {
    const entry = { name: "m", model: "onnx:x", onnx: { threads: 2, dtype: "q8" }, command: ["python3", "serve.py"] };
    expect(adapterOptionsFromConfig(entry, adapterOptions, "c.json: /models/0")).toEqual({
      threads: 2,
      dtype: "q8",
      argv: ["python3", "serve.py"],
    });
    expect(() => adapterOptionsFromConfig({ onnx: { threads: "2" } }, adapterOptions, "c.json: /models/1")).toThrow(
      /c\.json: \/models\/1\/onnx\/threads must be a number, got "2"/,
    );
  });
});
