import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { RunOptions } from "../../app/commands/run.js";
import { configSchemaText } from "../../app/config-schema.js";
import { addOptions } from "../../app/option-flags.js";
import {
  ADAPTER_OPTIONS,
  adapterOptionDefs,
  GATE_OPTIONS,
  JUDGE_OPTIONS,
  optionName,
  type RUN_OPTIONS,
  runOptionTable,
} from "../../app/options.js";
import { README_MARKERS, runOptionsMarkdown } from "../../app/options-readme.js";
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
 * The config file's keys, as the table places them: `onnx.threads` → `onnx`. (When adapters
 * declare their options, ModelConfig's adapter sections stop being static and leave this check.)
 */
type Defs = (typeof RUN_OPTIONS)[number] | (typeof ADAPTER_OPTIONS)[number] | (typeof GATE_OPTIONS)[number];
type TopKey<D> = D extends { config: `${infer S}.${string}` } ? S : D extends { config: infer K extends string } ? K : never;
type SectionKey<D, S extends string> = D extends { config: `${S}.${infer K}` } ? K : never;

describe("the config file's TypeScript types (src/config/types.ts) have exactly the table's keys", () => {
  it("per model, at the top, in the judge and gate sections", () => {
    expectTypeOf<keyof ModelConfig>().toEqualTypeOf<TopKey<Extract<Defs, { scope: "model" }>>>();
    expectTypeOf<Exclude<keyof VlmBenchConfig, "file" | "models">>().toEqualTypeOf<TopKey<Extract<Defs, { scope: "run" }>>>();
    expectTypeOf<keyof JudgeConfig>().toEqualTypeOf<SectionKey<Defs, "judge">>();
    expectTypeOf<keyof GateConfig>().toEqualTypeOf<SectionKey<Defs, "gate">>();
    expectTypeOf<keyof NonNullable<ModelConfig["onnx"]>>().toEqualTypeOf<SectionKey<Extract<Defs, { scope: "model" }>, "onnx">>();
  });
});

describe("run's parsed options are typed from the table (RunOptions)", () => {
  it("an option with a default is always there, one without may be missing", () => {
    expectTypeOf<Pick<RunOptions, "concurrency" | "progress" | "model">>().toEqualTypeOf<{
      concurrency: number;
      progress: boolean;
      model: string;
    }>();
    expectTypeOf<Pick<RunOptions, "limit" | "factor" | "judgeRuns" | "onnxThreads">>().toEqualTypeOf<{
      limit?: number;
      factor?: string[];
      judgeRuns?: number;
      onnxThreads?: number;
    }>();
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
        .map((d) => [d.key, d.default]),
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
    expect(run.stdout).toMatch(/--concurrency <n>\s+requests in flight \(default: 8\)/);
  });
});

describe("adapter-declared options (AdapterFactory.options) as rows of the table", () => {
  it("give the same rows as the interim ADAPTER_OPTIONS, so the table takes them unchanged", () => {
    const declared = adapterOptionDefs([
      { kind: "command", key: "argv", config: ["command"], type: "string[]", help: ADAPTER_OPTIONS[0].help },
      {
        kind: "onnx",
        key: "executionProvider",
        flag: "onnx-ep",
        placeholder: "provider",
        config: ["onnx", "execution_provider"],
        type: "string",
        help: ADAPTER_OPTIONS[1].help,
      },
      {
        kind: "onnx",
        key: "threads",
        flag: "onnx-threads",
        placeholder: "n",
        config: ["onnx", "threads"],
        type: "integer",
        minimum: 1,
        help: ADAPTER_OPTIONS[2].help,
      },
      {
        kind: "onnx",
        key: "dtype",
        flag: "onnx-dtype",
        placeholder: "dtype",
        config: ["onnx", "dtype"],
        type: "string",
        help: ADAPTER_OPTIONS[3].help,
      },
    ]);
    expect(declared.slice(1)).toEqual(ADAPTER_OPTIONS.slice(1));
    expect(declared[0]).toEqual({ ...ADAPTER_OPTIONS[0], key: "command" });
    expect(
      runOptionTable(declared)
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
      },
    ]);
    const command = addOptions(new Command("run").exitOverride(), [dtype!]);
    expect(() => command.parse(["--onnx-dtype", "q3"], { from: "user" })).toThrow('--onnx-dtype "q3" is unknown');
    expect(command.parse(["--onnx-dtype", "q8"], { from: "user" }).opts()).toEqual({ onnxDtype: "q8" });
  });

  it("refuse a key defined twice", () => {
    expect(() => runOptionTable([...ADAPTER_OPTIONS, ADAPTER_OPTIONS[1]])).toThrow('option "onnxEp" is defined twice');
  });
});
