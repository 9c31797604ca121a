import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandAdapter } from "../../adapters/command/index.js";
import { adapterOptions } from "../../adapters/index.js";
import { onnxAdapter } from "../../adapters/onnx/index.js";
import { UsageError } from "../../src/errors.js";
import { packageRoot } from "../../src/package-info.js";

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

describe("adapters declare their own options (adapters/index.ts adapterOptions)", () => {
  const schema = JSON.parse(readFileSync(path.join(packageRoot, "schema", "vlm-bench.config.schema.json"), "utf8"));
  const model = schema.definitions.model as { properties: Record<string, SchemaNode> };
  interface SchemaNode {
    type?: string;
    minimum?: number;
    items?: SchemaNode;
    properties?: Record<string, SchemaNode>;
  }

  it("declares onnx's execution provider, threads and dtype, and command's argv, each with a help line", () => {
    expect(adapterOptions.map((o) => `${o.kind}.${o.key}`)).toEqual(
      expect.arrayContaining(["onnx.executionProvider", "onnx.threads", "onnx.dtype", "command.argv"]),
    );
    for (const option of adapterOptions) expect(option.help.length, option.key).toBeGreaterThan(10);
  });

  it("gives every flag and config path to one option only", () => {
    const flags = adapterOptions.flatMap((o) => (o.flag !== undefined ? [o.flag] : []));
    expect(new Set(flags).size).toBe(flags.length);
    const paths = adapterOptions.map((o) => o.config.join("."));
    expect(new Set(paths).size).toBe(paths.length);
    const keys = adapterOptions.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(adapterOptions.map((o) => [o.config.join("."), o] as const))(
    "the config schema's model entry has %s with the declared type",
    (_, option) => {
      let node: SchemaNode | undefined = { properties: model.properties };
      for (const key of option.config) node = node?.properties?.[key];
      expect(node, option.config.join(".")).toBeDefined();
      const expected = option.type === "string[]" ? { type: "array", items: { type: "string" } } : { type: option.type };
      expect(node).toMatchObject(expected);
      if (option.minimum !== undefined) expect(node!.minimum).toBe(option.minimum);
    },
  );
});
