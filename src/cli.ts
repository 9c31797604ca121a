#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { VlmBenchError } from "./errors.js";
import { packageVersion } from "./package-info.js";

/** The composition root: parses the command line and lazily loads one file per command. */
const program = new Command("vlm-bench")
  .description("Evaluate vision-language models on GQA, MME, MM-Vet, POPE, VQAv2, MMVP and ScienceQA-IMG.")
  .version(packageVersion)
  .exitOverride()
  .showHelpAfterError("(run with --help for usage)");

const int = (name: string, min = 0) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}.`);
  return value;
};
const num = (name: string) => (text: string) => {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new InvalidArgumentError(`${name} must be a number.`);
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
  .option("--temperature <t>", "sampling temperature", num("--temperature"), 0)
  .option("--seed <s>", "sampling seed", int("--seed"), 0)
  .option("--timeout <seconds>", "per-attempt request timeout", num("--timeout"), 120)
  .option("--retries <n>", "retries per request on network errors, 408/409/429/5xx", int("--retries"), 5)
  .option("--max-failed <n>", "samples per benchmark that may fail and still be reported", int("--max-failed"), 0)
  .option("--factor <key=value...>", "design factors recorded with the model (e.g. llm=gemma-2b vision=clip)")
  .option("--no-progress", "no progress bar or progress lines")
  .option("--onnx-ep <provider>", "onnx: execution provider (cpu, cuda, dml, coreml…; default cpu)")
  .option("--onnx-threads <n>", "onnx: intra-op threads (default: onnxruntime's choice)", int("--onnx-threads", 1))
  .option("--onnx-dtype <dtype>", "onnx: file variant fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4 (default: first present)")
  .action(async (options) => (await import("./commands/run.js")).runCommand(options));

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
