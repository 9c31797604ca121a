#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { VlmBenchError } from "../src/errors.js";
import { packageVersion } from "../src/package-info.js";
import { addAdapterFlags } from "./adapter-options.js";

/** The composition root: parses the command line and lazily loads one file per command. */
const program = new Command("vlm-bench")
  .description("Evaluate vision-language models on GQA, MME, MM-Vet, POPE, VQAv2, MMVP and ScienceQA-IMG.")
  .version(packageVersion)
  .exitOverride()
  .showHelpAfterError("(run with --help for usage)");

const int = (name: string, min = 0) => (text: string) => {
  const value = Number(text);
  if (text.trim() === "" || !Number.isInteger(value) || value < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
  return value;
};
const num = (name: string, min = -Infinity) => (text: string) => {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min) {
    throw new InvalidArgumentError(min === -Infinity ? `${name} must be a number.` : `${name} must be a number ≥ ${min}.`);
  }
  return value;
};

program
  .command("run")
  .description("Run a model over benchmarks (default: the bundled mini sets with baseline:random) and score it.")
  .option(
    "--model <adapter:name>",
    'openai:NAME, command:"CMD ARGS", onnx:DIR, baseline:yes|no|first|random, replay:FILE',
    "baseline:random",
  )
  .option("--base-url <url>", "OpenAI-compatible server, including /v1", "http://127.0.0.1:8000/v1")
  .option("--api-key-env <var>", "environment variable holding the API key", "OPENAI_API_KEY")
  .option("--bench <list>", "comma-separated benchmarks (default: all found)")
  .option("--data <dir>", "folder holding one sub-folder per benchmark (default: the bundled mini sets)")
  .option("--out <dir>", "output folder; reuse it to resume (default: vlm-bench-results/<model>-<time>)")
  .option("--concurrency <n>", "requests in flight", int("--concurrency", 1), 8)
  .option("--limit <n>", "only the first N samples of each benchmark", int("--limit", 1))
  .option("--max-tokens <n>", "generation length", int("--max-tokens", 1), 128)
  .option("--temperature <t>", "sampling temperature", num("--temperature", 0), 0)
  .option("--seed <s>", "sampling seed", int("--seed"), 0)
  .option("--timeout <seconds>", "per-attempt request timeout", num("--timeout"), 120)
  .option("--retries <n>", "retries per request on network errors, 408/409/429/5xx", int("--retries"), 5)
  .option("--max-failed <n>", "samples per benchmark that may fail and still be reported", int("--max-failed"), 0)
  .option("--factor <key=value...>", "design factors recorded with the model (e.g. llm=gemma-2b vision=clip)")
  .option("--no-progress", "no progress bar or progress lines")
  .option("--judge <adapter:name>", "LLM judge for MM-Vet (and MMVP answers without a clear option letter), e.g. openai:gpt-4-0613")
  .option("--judge-base-url <url>", "the judge's OpenAI-compatible server, including /v1 (default: --base-url)")
  .option("--judge-api-key-env <var>", "environment variable holding the judge's API key (default: --api-key-env)")
  .option("--judge-runs <n>", "independent judge runs MM-Vet averages over (its std is reported)", int("--judge-runs", 1))
  .option("--config <file>", "run every model of a vlm-bench.config.json, then write the grid of all of them")
  .action(async (options, command: Command) => {
    if (options.config === undefined) return (await import("./commands/run.js")).runCommand(options);
    const explicit = new Set(Object.keys(options).filter((key) => command.getOptionValueSource(key) === "cli"));
    return (await import("./commands/run-config.js")).runConfigCommand(options, explicit);
  });

// Adapter-specific flags (--onnx-threads, …) come from the adapters' own declarations. Loading
// every adapter takes a while, so only when the command line mentions `run` (also `help run`).
if (process.argv.slice(2).includes("run")) {
  addAdapterFlags(program.commands.find((c) => c.name() === "run")!, (await import("../adapters/index.js")).adapterOptions);
}

program
  .command("table")
  .description("The Table 1 grid of any results.json files (or run folders): md, csv, json, tex or a self-contained html report.")
  .argument("<results...>", "results.json files or run folders")
  .option("--format <format>", "md, csv, json, tex or html (default: from --out's extension, else md)")
  .option("--out <file>", "write to FILE instead of standard output")
  .option("--ci", "95% bootstrap intervals over items (seeded), stored in each results.json")
  .option("--all-columns", "all nine metric columns, even for benchmarks no row has")
  .option("--data <dir>", "html: the data folder the runs used, for prompts and image thumbnails")
  .option("--samples <n>", "html: samples per model and benchmark in the browser", int("--samples", 1), 500)
  .action(async (files, options) => (await import("./commands/table.js")).tableCommand(files, options));

program
  .command("score")
  .description("Re-score saved answers (a predictions.jsonl, or a LLaVA answer file) without calling a model; reads annotation files only.")
  .requiredOption("--predictions <file>", "our predictions.jsonl, or a LLaVA answer file ({\"question_id\", \"text\"} per line)")
  .option("--bench <list>", "benchmark(s) the answers belong to (default: those named in our predictions.jsonl)")
  .option("--data <dir>", "folder holding one sub-folder per benchmark (default: the bundled mini sets)")
  .option("--out <dir>", "output folder (default: vlm-bench-results/score-<model>-<time>)")
  .option("--fingerprint <id>", "which model's answers, when the file holds several (its \"adapter\" field)")
  .option("--factor <key=value...>", "design factors recorded with the model (e.g. llm=gemma-2b vision=clip)")
  .option("--judge <adapter:name>", "LLM judge for MM-Vet (and MMVP answers without a clear option letter)")
  .option("--judge-base-url <url>", "the judge's OpenAI-compatible server, including /v1 (default: http://127.0.0.1:8000/v1)")
  .option("--judge-api-key-env <var>", "environment variable holding the judge's API key (default: OPENAI_API_KEY)")
  .option("--judge-runs <n>", "independent judge runs MM-Vet averages over (its std is reported)", int("--judge-runs", 1))
  .option("--timeout <seconds>", "judge: per-attempt request timeout", num("--timeout"), 120)
  .option("--retries <n>", "judge: retries per request", int("--retries"), 5)
  .option("--concurrency <n>", "judge: requests in flight", int("--concurrency", 1), 8)
  .action(async (options) => {
    await (await import("./commands/score.js")).scoreCommand(options);
  });

const bounded = (name: string, open = false) => (text: string) => {
  const value = num(name)(text);
  if (value < 0 || (open && (value === 0 || value >= 1))) throw new InvalidArgumentError(`${name} must be ${open ? "between 0 and 1" : "≥ 0"}.`);
  return value;
};

program
  .command("gate")
  .description("Compare a candidate run with a baseline run; exit 1 on a significant drop larger than --max-drop.")
  .requiredOption("--baseline <results.json>", "the reference run (results.json or its folder; items.jsonl next to it)")
  .requiredOption("--candidate <results.json>", "the run under test")
  .option("--max-drop <x>", "largest tolerated drop of a fraction metric (accuracy, F1), absolute (default 0.01)", bounded("--max-drop"))
  .option("--max-drop-points <x>", "largest tolerated drop of a metric in points (MME), absolute (default 10)", bounded("--max-drop-points"))
  .option("--alpha <a>", "significance level of the paired tests (default 0.05)", bounded("--alpha", true))
  .option("--config <file>", "read max_drop, max_drop_points, alpha and max_drop_per_metric from the file's \"gate\" section")
  .option("--junit <file>", "write JUnit XML (one testsuite per benchmark, one testcase per metric)")
  .option("--summary <file>", "write the Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)")
  .option("--bench <list>", "gate only these benchmarks (default: every benchmark of the baseline)")
  .option("--resamples <n>", "paired-bootstrap resamples", int("--resamples", 100), 10_000)
  .option("--seed <s>", "paired-bootstrap seed", int("--seed"), 0)
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
