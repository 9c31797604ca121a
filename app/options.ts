import type { OptionDef } from "./option-def.js";

/**
 * The one options table. Every option of `run` (and the options other commands share with it)
 * is defined here once; the commander flags (app/option-flags.ts), the config file's keys and
 * its JSON Schema (app/config-schema.ts → schema/vlm-bench.config.schema.json), the defaults,
 * `run --config`'s merge of file and command line (app/config-options.ts) and the README's
 * option tables are derived from it. What a row holds: app/option-def.ts; gate's rows:
 * app/gate-options.ts.
 */

/** How to reach a model's server: shared by `run` and any command that calls a model (e.g. `explain`). */
export const CONNECTION_OPTIONS = [
  {
    key: "baseUrl",
    flag: "--base-url <url>",
    type: "string",
    default: "http://127.0.0.1:8000/v1",
    scope: "model",
    config: "base_url",
    withConfig: "refused",
    pattern: { regex: "^https?://", means: "an http(s):// URL" },
    help: "OpenAI-compatible server, including /v1",
  },
  {
    key: "apiKeyEnv",
    flag: "--api-key-env <var>",
    type: "string",
    default: "OPENAI_API_KEY",
    scope: "model",
    config: "api_key_env",
    withConfig: "refused",
    pattern: { regex: "^[A-Za-z_][A-Za-z0-9_]*$", means: "an environment variable name" },
    help: "environment variable holding the API key",
  },
  // Patience and retries depend on the machine and network rather than on the model: a command-line value applies to every model.
  {
    key: "timeout",
    flag: "--timeout <seconds>",
    type: "number",
    default: 120,
    exclusiveMinimum: 0,
    scope: "model",
    config: "timeout",
    withConfig: "applies",
    help: "per-attempt request timeout in seconds",
  },
  {
    key: "retries",
    flag: "--retries <n>",
    type: "integer",
    default: 5,
    minimum: 0,
    scope: "model",
    config: "retries",
    withConfig: "applies",
    help: "retries per request on network errors, 408/409/429/5xx",
  },
] as const satisfies readonly OptionDef[];

/** Generation settings: part of a model's fingerprint, so never changed for a whole config from the command line. */
export const GENERATION_OPTIONS = [
  {
    key: "maxTokens",
    flag: "--max-tokens <n>",
    type: "integer",
    default: 128,
    minimum: 1,
    scope: "model",
    config: "max_tokens",
    withConfig: "refused",
    help: "generation length",
  },
  {
    key: "temperature",
    flag: "--temperature <t>",
    type: "number",
    default: 0,
    minimum: 0,
    scope: "model",
    config: "temperature",
    withConfig: "refused",
    help: "sampling temperature",
  },
  {
    key: "seed",
    flag: "--seed <s>",
    type: "integer",
    default: 0,
    minimum: 0,
    scope: "model",
    config: "seed",
    withConfig: "refused",
    help: "sampling seed",
  },
] as const satisfies readonly OptionDef[];

/** The LLM judge (MM-Vet, MMVP's fallback): `run`, `run --config` (the file's `judge` section) and `score` share these. */
export const JUDGE_OPTIONS = [
  {
    key: "judge",
    flag: "--judge <adapter:name>",
    type: "string",
    scope: "run",
    config: "judge.model",
    required: true,
    withConfig: "applies",
    pattern: { regex: "^[A-Za-z][A-Za-z0-9_-]*:", means: "ADAPTER:NAME, e.g. openai:gpt-4-0613" },
    help: "LLM judge for MM-Vet (and MMVP answers without a clear option letter), e.g. openai:gpt-4-0613",
  },
  {
    key: "judgeBaseUrl",
    flag: "--judge-base-url <url>",
    type: "string",
    scope: "run",
    config: "judge.base_url",
    withConfig: "applies",
    pattern: { regex: "^https?://", means: "an http(s):// URL" },
    help: "the judge's OpenAI-compatible server, including /v1 (default: --base-url, else http://127.0.0.1:8000/v1)",
  },
  {
    key: "judgeApiKeyEnv",
    flag: "--judge-api-key-env <var>",
    type: "string",
    scope: "run",
    config: "judge.api_key_env",
    withConfig: "applies",
    pattern: { regex: "^[A-Za-z_][A-Za-z0-9_]*$", means: "an environment variable name" },
    help: "environment variable holding the judge's API key (default: --api-key-env, else OPENAI_API_KEY)",
  },
  {
    key: "judgeRuns",
    flag: "--judge-runs <n>",
    type: "integer",
    minimum: 1,
    scope: "run",
    config: "judge.runs",
    withConfig: "applies",
    help: "independent judge runs MM-Vet averages over (its std is reported; default 1)",
  },
] as const satisfies readonly OptionDef[];

const MODEL_OPTION = {
  key: "model",
  flag: "--model <adapter:name>",
  type: "string",
  default: "baseline:random",
  scope: "model",
  config: "model",
  required: true,
  withConfig: "refused",
  pattern: { regex: "^[A-Za-z][A-Za-z0-9_-]*:", means: "ADAPTER:NAME" },
  help: 'openai:NAME, command:"CMD ARGS", onnx:DIR, baseline:yes|no|first|random, replay:FILE',
} as const satisfies OptionDef;

/**
 * Every option of `run` that the core and the composition root define, in `--help` order; keys
 * without a flag exist only in the config file. The adapters' own options follow
 * (app/run-option-table.ts, from the adapter factories' declarations).
 */
export const RUN_OPTIONS = [
  {
    key: "label",
    type: "string",
    scope: "model",
    config: "name",
    required: true,
    withConfig: "refused",
    pattern: { regex: "^[A-Za-z0-9][A-Za-z0-9._-]*$", means: "letters, digits, '.', '_', '-'" },
    help: "row label and output folder name; unique within the file",
  },
  MODEL_OPTION,
  ...CONNECTION_OPTIONS.slice(0, 2),
  {
    key: "bench",
    flag: "--bench <list>",
    type: "list",
    scope: "run",
    config: "benchmarks",
    withConfig: "applies",
    help: "comma-separated benchmarks (default: all found)",
  },
  {
    key: "data",
    flag: "--data <dir>",
    type: "string",
    scope: "run",
    config: "data",
    withConfig: "applies",
    help: "folder holding one sub-folder per benchmark (default: the bundled mini sets)",
  },
  {
    key: "out",
    flag: "--out <dir>",
    type: "string",
    scope: "run",
    config: "out",
    withConfig: "applies",
    help: "output folder; reuse it to resume (default: vlm-bench-results/<model>-<time>; with --config the root folder, one sub-folder per model)",
  },
  {
    key: "modelOut",
    type: "string",
    scope: "model",
    config: "out",
    withConfig: "refused",
    help: "this model's output folder (default <out>/<name>)",
  },
  {
    key: "concurrency",
    flag: "--concurrency <n>",
    type: "integer",
    default: 8,
    minimum: 1,
    scope: "run",
    config: "concurrency",
    withConfig: "applies",
    help: "requests in flight",
  },
  {
    key: "limit",
    flag: "--limit <n>",
    type: "integer",
    minimum: 1,
    scope: "run",
    config: "limit",
    withConfig: "applies",
    help: "only the first N samples of each benchmark",
  },
  ...GENERATION_OPTIONS,
  ...CONNECTION_OPTIONS.slice(2),
  {
    key: "maxFailed",
    flag: "--max-failed <n>",
    type: "integer",
    default: 0,
    minimum: 0,
    scope: "run",
    config: "max_failed",
    withConfig: "applies",
    help: "samples per benchmark that may fail and still be reported",
  },
  {
    key: "factor",
    flag: "--factor <key=value...>",
    type: "pairs",
    scope: "model",
    config: "factors",
    withConfig: "refused",
    pattern: { regex: "^[A-Za-z_][A-Za-z0-9_.-]*$", means: "a factor name" },
    help: "design factors recorded with the model (e.g. llm=gemma-2b vision=clip)",
  },
  { key: "progress", flag: "--no-progress", type: "flag", scope: "run", withConfig: "applies", help: "no progress bar or progress lines" },
  ...JUDGE_OPTIONS,
  {
    key: "config",
    flag: "--config <file>",
    type: "string",
    scope: "run",
    withConfig: "applies",
    help: "run every model of a vlm-bench.config.json, then write the grid of all of them",
  },
] as const satisfies readonly OptionDef[];
