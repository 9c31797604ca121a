import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { Command, CommanderError } from "commander";
import { describe, expect, expectTypeOf, it } from "vitest";
import { adapterOptions } from "../../adapters/index.js";
import type { RunOptions } from "../../app/commands/run.js";
import { runOptionsFor } from "../../app/config-options.js";
import { configSchema, configSchemaText } from "../../app/config-schema.js";
import { GATE_OPTIONS } from "../../app/gate-options.js";
import { adapterOptionDefs, type OptionDef, type OptionValuesOf, optionName } from "../../app/option-def.js";
import { addOptions } from "../../app/option-flags.js";
import { JUDGE_OPTIONS, type RUN_OPTIONS } from "../../app/options.js";
import { README_MARKERS, runOptionsMarkdown } from "../../app/options-readme.js";
import { runOptionTable } from "../../app/run-option-table.js";
import { CONFIG_SCHEMA_FILE } from "../../src/config/load.js";
import type { GateConfig, JudgeConfig, ModelConfig, VlmBenchConfig } from "../../src/config/types.js";
import { packageRoot } from "../../src/package-info.js";
import { runCli } from "../helpers/cli.js";

describe("what is generated from the options table is committed as generated (npm run options)", () => {
  it("schema/vlm-bench.config.schema.json", () => {
    expect(readFileSync(CONFIG_SCHEMA_FILE, "utf8")).toBe(configSchemaText());
  });

  it("the README's table of run options", () => {
    const readme = readFileSync(path.join(packageRoot, "README.md"), "utf8");
    const between = readme.slice(readme.indexOf(README_MARKERS.begin) + README_MARKERS.begin.length, readme.indexOf(README_MARKERS.end));
    expect(between.trim()).toBe(runOptionsMarkdown());
  });
});

/**
 * The config file's keys, as the table places them: `judge.model` → `judge`. The adapters' own
 * keys (`command`, `onnx`) come from their factories' declarations at run time, so ModelConfig
 * takes them through an index signature: its named keys are exactly the core table's.
 */
type Defs = (typeof RUN_OPTIONS)[number] | (typeof GATE_OPTIONS)[number];
type TopKey<D> = D extends { config: `${infer S}.${string}` } ? S : D extends { config: infer K extends string } ? K : never;
/** A section's own keys: `judge.prices.input` → `prices` (a nested object). */
type SectionKey<D, S extends string> = D extends { config: `${S}.${infer K}` } ? (K extends `${infer F}.${string}` ? F : K) : never;
/** The keys a type names, without its index signature. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

describe("the config file's TypeScript types (src/config/types.ts) have exactly the table's keys", () => {
  it("per model, at the top, in the judge and gate sections", () => {
    expectTypeOf<NamedKeys<ModelConfig>>().toEqualTypeOf<TopKey<Extract<Defs, { scope: "model" }>>>();
    expectTypeOf<Exclude<keyof VlmBenchConfig, "file" | "models">>().toEqualTypeOf<TopKey<Extract<Defs, { scope: "run" }>>>();
    expectTypeOf<keyof JudgeConfig>().toEqualTypeOf<SectionKey<Defs, "judge">>();
    expectTypeOf<keyof GateConfig>().toEqualTypeOf<SectionKey<Defs, "gate">>();
  });

  it("a model's adapter keys are the adapters' declared config paths, in the schema", () => {
    const schema = configSchema() as { definitions: { model: { properties: Record<string, { properties?: object }> } } };
    const model = schema.definitions.model.properties;
    for (const option of adapterOptions) {
      const [top, inner] = option.config;
      expect(model[top!], option.config.join(".")).toBeDefined();
      if (inner !== undefined) expect(model[top!]!.properties, option.config.join(".")).toHaveProperty(inner);
    }
  });
});

describe("run's parsed options are typed from the table (RunOptions)", () => {
  it("an option with a default is always there, one without may be missing", () => {
    expectTypeOf<Pick<RunOptions, "concurrency" | "progress" | "model">>().toEqualTypeOf<{
      concurrency: number | "auto";
      progress: boolean;
      model: string;
    }>();
    expectTypeOf<Pick<RunOptions, "limit" | "factor" | "judgeRuns">>().toEqualTypeOf<{
      limit?: number;
      factor?: string[];
      judgeRuns?: number;
    }>();
    // The adapters' own options are declared at run time (adapters/index.ts), read by app/adapter-options.ts.
    expectTypeOf<RunOptions["onnxThreads"]>().toEqualTypeOf<unknown>();
  });
});

describe("flags from the table (app/option-flags.ts)", () => {
  const parse = (args: string[]) => {
    const command = addOptions(new Command("run").exitOverride().configureOutput({ writeErr: () => {} }), runOptionTable());
    command.parse(args, { from: "user" });
    return command.opts();
  };

  it("gives every option its default from the table", () => {
    const defaults = Object.fromEntries(
      runOptionTable()
        .filter((d) => d.flag !== undefined && d.default !== undefined)
        .map((d) => [d.key, d.repeatable ? [d.default] : d.default]),
    );
    expect(parse([])).toEqual({ ...defaults, progress: true });
  });

  const bad = runOptionTable().flatMap((def) => {
    if (def.flag === undefined) return [];
    if (def.type === "integer")
      return [
        [optionName(def), "1.5"],
        [optionName(def), String((def.minimum ?? def.exclusiveMinimum ?? 0) - 1)],
      ];
    if (def.type === "number")
      return [
        [optionName(def), "ten"],
        [optionName(def), String((def.minimum ?? def.exclusiveMinimum ?? 0) - 0.5)],
      ];
    if (def.type === "string" && def.pattern !== undefined) return [[optionName(def), "!"]];
    if (def.type === "pairs" && def.pattern !== undefined) return [[optionName(def), "!=x"]];
    return [];
  });

  it.each(bad)("refuses %s %s as the schema would (exit 2)", (flag, value) => {
    let error: unknown;
    try {
      parse([flag, value]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).message).toContain(`${flag} must be`);
  });

  it("checks every numeric and patterned option", () => {
    expect(new Set(bad.map(([flag]) => flag))).toEqual(
      new Set(
        runOptionTable()
          .filter((d) => d.flag !== undefined && (d.type === "integer" || d.type === "number" || d.pattern !== undefined))
          .map(optionName),
      ),
    );
  });

  it("run, score and gate list the table's flags in --help; score shares run's judge options", async () => {
    const [run, score, gate] = await Promise.all([runCli(["run", "--help"]), runCli(["score", "--help"]), runCli(["gate", "--help"])]);
    for (const def of runOptionTable()) if (def.flag !== undefined) expect(run.stdout).toContain(def.flag);
    for (const def of JUDGE_OPTIONS) expect(score.stdout).toContain(`${def.flag}  `);
    expect(score.stdout).toContain(JUDGE_OPTIONS[1].help.slice(0, 30));
    for (const def of GATE_OPTIONS) if ("flag" in def) expect(gate.stdout).toContain(def.flag);
    expect(run.stdout).toMatch(/--concurrency <auto\|n>\s+requests in flight per endpoint or replica/);
  });
});

describe("adapter-declared options (AdapterFactory.options) as rows of the table", () => {
  it("give the rows the interim ADAPTER_OPTIONS had, so the table takes them unchanged", () => {
    const declared = adapterOptionDefs(adapterOptions).map(({ parse, ...row }) => {
      expect(parse === undefined).toBe(row.flag === undefined); // a flag is read by the adapter's own parser
      return row;
    });
    expect(declared).toEqual([
      {
        key: "command",
        type: "argv",
        scope: "model",
        config: "command",
        withConfig: "refused",
        adapter: { kind: "command", option: "argv" },
        help: adapterOptions[0]!.help,
      },
      {
        key: "replicas",
        flag: "--replicas <n>",
        type: "integer",
        minimum: 1,
        scope: "model",
        config: "replicas",
        withConfig: "applies",
        adapter: { kind: "command", option: "replicas" },
        help: "command: run N copies of the program (VLM_BENCH_REPLICA=0..N-1)",
      },
      {
        key: "devices",
        flag: "--devices <list>",
        type: "string",
        scope: "model",
        config: "devices",
        withConfig: "applies",
        adapter: { kind: "command", option: "devices" },
        help: "command: with --replicas, CUDA_VISIBLE_DEVICES per replica, e.g. 0,1,2,3",
      },
      {
        key: "onnxEp",
        flag: "--onnx-ep <provider>",
        type: "string",
        scope: "model",
        config: "onnx.execution_provider",
        withConfig: "applies",
        adapter: { kind: "onnx", option: "executionProvider" },
        help: "onnx: execution provider (cpu, cuda, dml, coreml…; default cpu)",
      },
      {
        key: "onnxThreads",
        flag: "--onnx-threads <n>",
        type: "integer",
        minimum: 1,
        scope: "model",
        config: "onnx.threads",
        withConfig: "applies",
        adapter: { kind: "onnx", option: "threads" },
        help: "onnx: intra-op threads (default: onnxruntime's choice)",
      },
      {
        key: "onnxDtype",
        flag: "--onnx-dtype <dtype>",
        type: "string",
        scope: "model",
        config: "onnx.dtype",
        withConfig: "applies",
        adapter: { kind: "onnx", option: "dtype" },
        help: "onnx: file variant fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4 (default: first present)",
      },
    ]);
    expect(
      runOptionTable()
        .map((d) => d.flag)
        .filter((f) => f !== undefined),
    ).toContain("--onnx-threads <n>");
  });

  it("use the adapter's own parse for the flag's text", () => {
    const [dtype] = adapterOptionDefs([
      {
        kind: "onnx",
        key: "dtype",
        flag: "onnx-dtype",
        config: ["onnx", "dtype"],
        type: "string",
        help: "file variant",
        parse: (text, where) => {
          if (text !== "q8") throw new Error(`${where} "${text}" is unknown`);
          return text;
        },
        check: (value) => value,
      },
    ]);
    const command = addOptions(new Command("run").exitOverride(), [dtype!]);
    expect(() => command.parse(["--onnx-dtype", "q3"], { from: "user" })).toThrow('--onnx-dtype "q3" is unknown');
    expect(command.parse(["--onnx-dtype", "q8"], { from: "user" }).opts()).toEqual({ onnxDtype: "q8" });
  });

  it("refuse a key defined twice", () => {
    const rows = adapterOptionDefs(adapterOptions);
    expect(() => runOptionTable([...rows, rows.find((row) => row.key === "onnxEp")!])).toThrow('option "onnxEp" is defined twice');
  });
});

describe("option kinds other branches add: a number or a keyword (--concurrency auto|N), a repeatable option (--base-url …)", () => {
  const SAMPLE = [
    { key: "label", type: "string", scope: "model", config: "name", required: true, withConfig: "refused", help: "name" },
    {
      key: "model",
      flag: "--model <m>",
      type: "string",
      scope: "model",
      config: "model",
      required: true,
      withConfig: "refused",
      help: "model",
    },
    {
      key: "baseUrl",
      flag: "--base-url <url>",
      type: "string",
      repeatable: true,
      default: "http://127.0.0.1:8000/v1",
      scope: "model",
      config: "base_url",
      withConfig: "refused",
      pattern: { regex: "^https?://", means: "an http(s):// URL" },
      help: "server(s)",
    },
    {
      key: "concurrency",
      flag: "--concurrency <n>",
      type: "integer",
      keywords: ["auto"],
      minimum: 1,
      default: 8,
      scope: "run",
      config: "concurrency",
      withConfig: "applies",
      help: "requests in flight",
    },
  ] as const satisfies readonly OptionDef[];
  const parse = (args: string[]) =>
    addOptions(new Command("run").exitOverride().configureOutput({ writeErr: () => {} }), SAMPLE)
      .parse(args, { from: "user" })
      .opts();

  it("parses both from the command line, typed as such", () => {
    expectTypeOf<OptionValuesOf<typeof SAMPLE>["concurrency"]>().toEqualTypeOf<number | "auto">();
    expectTypeOf<OptionValuesOf<typeof SAMPLE>["baseUrl"]>().toEqualTypeOf<string[]>();
    expect(parse([])).toEqual({ baseUrl: ["http://127.0.0.1:8000/v1"], concurrency: 8 });
    expect(parse(["--concurrency", "auto", "--base-url", "http://a/v1", "--base-url", "http://b/v1"])).toEqual({
      baseUrl: ["http://a/v1", "http://b/v1"],
      concurrency: "auto",
    });
    expect(() => parse(["--concurrency", "fast"])).toThrow("--concurrency must be auto or an integer ≥ 1.");
    expect(() => parse(["--base-url", "http://a/v1", "--base-url", "ftp://b"])).toThrow(
      '--base-url must be an http(s):// URL (got "ftp://b")',
    );
  });

  it("the schema takes the keyword and one value or an array; the merge gives an array", () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(configSchema(SAMPLE));
    const file = { models: [{ name: "m", model: "baseline:yes", base_url: "http://a/v1" }], concurrency: "auto" };
    expect(validate(file)).toBe(true);
    expect(validate({ ...file, models: [{ name: "m", model: "x:y", base_url: ["http://a/v1", "http://b/v1"] }] })).toBe(true);
    expect(validate({ ...file, concurrency: "fast" })).toBe(false);
    expect(validate({ ...file, models: [{ name: "m", model: "x:y", base_url: ["ftp://a"] }] })).toBe(false);
    const config = {
      file: "/c.json",
      out: "/out",
      concurrency: "auto",
      models: [{ ...file.models[0]!, out: "/out/m" }],
    } as unknown as VlmBenchConfig;
    expect(runOptionsFor(config, config.models[0]!, {}, new Set(), SAMPLE)).toMatchObject({
      baseUrl: ["http://a/v1"],
      concurrency: "auto",
    });
  });
});
