import { describe, expect, it } from "vitest";
import { commandAdapter } from "../../adapters/command/index.js";
import { onnxAdapter } from "../../adapters/onnx/index.js";
import { UsageError } from "../../src/errors.js";

const settings = { maxTokens: 8, temperature: 0, seed: 0 };

// AdapterSpec.options is an untyped bag the core passes through: each factory checks its own keys.
describe("adapter-specific options are checked by their adapter", () => {
  it.each([[[]], [["python3", 3]], ["python3 serve.py"]])("command: argv %j is refused naming it", async (argv) => {
    const error = await Promise.resolve()
      .then(() => commandAdapter.create({ kind: "command", name: "x", settings, options: { argv } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/argv must be a non-empty array of strings/);
  });

  it.each([
    ["threads", "2", /option threads must be a number, got "2"/],
    ["executionProvider", 1, /option executionProvider must be a string, got 1/],
    ["dtype", false, /option dtype must be a string, got false/],
  ])("onnx: %s %j is refused naming it", async (key, value, message) => {
    const error = await Promise.resolve()
      .then(() => onnxAdapter.create({ kind: "onnx", name: "/nonexistent", settings, options: { [key]: value } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
