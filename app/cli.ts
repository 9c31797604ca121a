#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { VlmBenchError } from "../src/errors.js";
import { packageVersion } from "../src/package-info.js";
import { SIGN_FLIP_DEFAULTS } from "../src/stats/sign-flip.js";
import { GATE_OPTIONS } from "./gate-options.js";
import { adapterOptionDefs, type OptionDef, optionOf } from "./option-def.js";
import { addOptions } from "./option-flags.js";
import { CONNECTION_OPTIONS, GENERATION_OPTIONS, JUDGE_OPTIONS, RUN_OPTIONS } from "./options.js";

/** The composition root: parses the command line and lazily loads one file per command. */
const program = new Command("vlm-bench")
  .description("Evaluate vision-language models on GQA, MME, MM-Vet, POPE, VQAv2, MMVP and ScienceQA-IMG.")
  .version(packageVersion)
  .exitOverride()
  .showHelpAfterError("(run with --help for usage)");

const int =
  (name: string, min = 0) =>
  (text: string) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
    return value;
  };

const run = addOptions(
  program.command("run").description("Run a model over benchmarks (default: the bundled mini sets with baseline:random) and score it."),
  RUN_OPTIONS,
);
// The adapters' own options (--onnx-threads, …) are rows the adapter factories declare (app/run-option-table.ts).
// Loading every adapter takes a while, so they are added only when the command line mentions `run` (also `help run`).
if (process.argv.slice(2).includes("run")) addOptions(run, adapterOptionDefs((await import("../adapters/index.js")).adapterOptions));
run.action(async (options, command: Command) => {
  if (options.config === undefined) return (await import("./commands/run.js")).runCommand(options);
  const explicit = new Set(Object.keys(options).filter((key) => command.getOptionValueSource(key) === "cli"));
  return (await import("./commands/run-config.js")).runConfigCommand(options, explicit);
});

program
  .command("table")
  .description("The Table 1 grid of any results.json files (or run folders): md, csv, json, tex or a self-contained html report.")
  .argument("<results...>", "results.json files or run folders")
  .option("--format <format>", "md, csv, json, tex or html (default: from --out's extension, else md)")
  .option("--out <file>", "write to FILE instead of standard output")
  .option("--ci", "95% bootstrap intervals over items (seeded), stored in each results.json")
  .option("--all-columns", "all nine metric columns, even for benchmarks no row has")
  .option("--data <dir>", "html: the data folder the runs used, for prompts and image thumbnails")
  .option("--samples <n>", "html: samples per benchmark in the browser (each with every model's answer)", int("--samples", 1), 500)
  .option("--explain <dir>", "html: a `vlm-bench explain` output folder; its relevancy overlays appear beside the samples they explain")
  .action(async (files, options) => (await import("./commands/table.js")).tableCommand(files, options));

// score shares run's definitions (the judge's above all); only the wording of a few differs.
const RUN: readonly OptionDef[] = RUN_OPTIONS;
const score = program
  .command("score")
  .description("Re-score saved answers (a predictions.jsonl, or a LLaVA answer file) without calling a model; reads annotation files only.")
  .requiredOption("--predictions <file>", 'our predictions.jsonl, or a LLaVA answer file ({"question_id", "text"} per line)');
addOptions(
  score,
  ["bench", "data", "out", "popeSet"].map((key) => optionOf(RUN, key)),
  {
    bench: "benchmark(s) the answers belong to (default: those named in our predictions.jsonl)",
    out: "output folder (default: vlm-bench-results/score-<model>-<time>)",
  },
);
score.option("--fingerprint <id>", 'which model\'s answers, when the file holds several (its "adapter" field)');
addOptions(
  score,
  [optionOf(RUN, "factor"), ...JUDGE_OPTIONS, ...["timeout", "retries", "concurrency", "maxConcurrency"].map((key) => optionOf(RUN, key))],
  {
    timeout: "judge: per-attempt request timeout in seconds",
    retries: "judge: retries per request",
    concurrency: "judge: requests in flight per endpoint: auto (adaptive, Vegas) or a fixed N",
    maxConcurrency: "judge: upper bound of the adaptive limit per endpoint",
  },
).action(async (options) => {
  await (await import("./commands/score.js")).scoreCommand(options);
});

const merge = program
  .command("merge")
  .description("Check and join the shards of a run (run --shard K/N), then score the whole as an unsharded run.")
  .argument("<shard-dirs...>", "the --out folders of shards 0..N-1")
  .requiredOption("--out <dir>", "output folder of the merged run");
addOptions(
  merge,
  [
    optionOf(RUN, "data"),
    ...JUDGE_OPTIONS,
    ...["timeout", "retries", "concurrency", "maxConcurrency", "progress"].map((key) => optionOf(RUN, key)),
  ],
  {
    data: "folder holding one sub-folder per benchmark (default: the one the shards recorded)",
    timeout: "judge: per-attempt request timeout in seconds",
    retries: "judge: retries per request",
    concurrency: "judge: requests in flight per endpoint: auto (adaptive, Vegas) or a fixed N",
    maxConcurrency: "judge: upper bound of the adaptive limit per endpoint",
  },
).action(async (dirs, options) => (await import("./commands/merge.js")).mergeCommand(dirs, options));

const gate = program
  .command("gate")
  .description("Compare a candidate run with a baseline run; exit 1 on a significant drop (one-sided, Holm) larger than its tolerance.")
  .requiredOption("--baseline <results.json>", "the reference run (results.json or its folder; items.jsonl next to it)")
  .requiredOption("--candidate <results.json>", "the run under test");
addOptions(gate, GATE_OPTIONS)
  .option("--config <file>", 'read max_drop, max_drop_points, alpha and max_drop_per_metric from the file\'s "gate" section')
  .option("--junit <file>", "write JUnit XML (one testsuite per benchmark, one testcase per metric)")
  .option("--summary <file>", "write the Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)")
  .option("--bench <list>", "gate only these benchmarks (default: every benchmark of the baseline)")
  .option(
    "--resamples <n>",
    "random swaps of the randomization test when its outcomes cannot all be enumerated",
    int("--resamples", 100),
    SIGN_FLIP_DEFAULTS.resamples,
  )
  .option("--seed <s>", "seed of the random swaps", int("--seed"), SIGN_FLIP_DEFAULTS.seed)
  .action(async (options) => (await import("./commands/gate.js")).gateCommand(options));

program
  .command("effects")
  .description("Design effects (the paper's Figure 1): per benchmark, a linear probability model of correctness on the runs' factors.")
  .argument("<results...>", "results.json files (or their folders) of runs that carry design factors")
  .requiredOption("--factors <keys>", "comma-separated factor keys, e.g. llm,vision,pretrain")
  .option("--baseline <k=v,...>", "reference level per factor (default: the first run's levels)")
  .option("--bench <list>", "analyse only these benchmarks (default: all; every run must have the same ones)")
  .option("--out <dir>", "write effects.<format> and effects.svg here")
  .option("--format <fmt>", "table format: md, csv or json", "md")
  .action(async (files, options) => (await import("./commands/effects.js")).effectsCommand(files, options));

program
  .command("datasets")
  .description("List what each benchmark needs; `datasets check --data DIR` says what DIR has.")
  .argument("[action]", "check")
  .option("--data <dir>", "folder holding one sub-folder per benchmark")
  .option("--bench <list>", "comma-separated benchmarks (default: all)")
  .action(async (action, options) => (await import("./commands/datasets.js")).datasetsCommand(action, options));

// explain: run's connection, generation, adapter and output options (one definition each), plus its own.
const collect = (value: string, previous: string[] = []) => [...previous, value];
const explain = program
  .command("explain")
  .description(
    "Relevancy maps (where does the model look?): occlusion over a G×G grid, or the adapter's own map; overlays, side-by-side PNGs, explain.html.",
  )
  .option("--model <adapter:name>", "model to explain (repeat for several; they share the connection options)", collect)
  .option("--config <file>", "take the models from a vlm-bench.config.json, each with its own endpoint")
  .option("--bench <name>", "the samples' benchmark (one)")
  .option("--sample <ids>", "comma-separated sample ids, as in items.jsonl")
  .option("--grid <g>", "occlusion grid: G×G cells over the (first) image", int("--grid", 1), 8)
  .option("--top-logprobs <k>", "alternatives asked per token; beyond them a cell's value is a bound", int("--top-logprobs", 1), 20);
addOptions(
  explain,
  [
    ...CONNECTION_OPTIONS,
    ...GENERATION_OPTIONS,
    ...["data", "out", "concurrency", "maxConcurrency", "progress"].map((key) => optionOf(RUN, key)),
  ],
  {
    out: "output folder; reuse it to resume (default: vlm-bench-results/explain-<time>)",
    maxTokens: "generation length of the unoccluded answer (occluded requests ask for 1 token)",
  },
).action(async (options, command: Command) => {
  const explicit = new Set(Object.keys(options).filter((key) => command.getOptionValueSource(key) === "cli"));
  return (await import("./commands/explain.js")).explainCommand(options, explicit);
});
if (process.argv.slice(2).includes("explain"))
  addOptions(explain, adapterOptionDefs((await import("../adapters/index.js")).adapterOptions));

program.parseAsync(process.argv).then(
  () => process.exitCode ?? 0,
  (error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2; // bad usage is exit 2 (SPEC §2)
    } else if (error instanceof VlmBenchError) {
      process.stderr.write(`vlm-bench: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`vlm-bench: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 3;
    }
  },
);
