import { DEFAULT_ALPHA, DEFAULT_MAX_DROP, DEFAULT_MAX_DROP_POINTS } from "../src/gate/decide.js";

/**
 * The one options table. Every option of `run` (and the options other commands share with it)
 * is defined here once; the commander flags (app/option-flags.ts), the config file's keys and
 * its JSON Schema (app/config-schema.ts → schema/vlm-bench.config.schema.json), the defaults,
 * `run --config`'s merge of file and command line (app/config-options.ts) and the README's
 * option tables are derived from it.
 */

/**
 * - `string`, `integer`, `number`: one value (a number is checked against `minimum` / `exclusiveMinimum`);
 * - `flag`: a `--no-x` switch (true unless given);
 * - `list`: comma-separated on the command line (`pope,gqa`), an array of distinct strings in the file;
 * - `pairs`: `key=value ...` on the command line, an object in the file (values string, number or boolean);
 * - `argv`: a program and its arguments, an array in the file (no command-line form);
 * - `number-map`: an object of numbers keyed by `pattern` in the file (no command-line form).
 */
export type OptionType = "string" | "integer" | "number" | "flag" | "list" | "pairs" | "argv" | "number-map";

export interface OptionDef {
  /** The property the parsed options carry (commander's camel case of the flag). Unique in a table. */
  readonly key: string;
  /** `--max-tokens <n>`; absent for keys that exist only in the config file. */
  readonly flag?: string;
  readonly help: string;
  readonly type: OptionType;
  /** The value when neither the command line nor the config file gives one. */
  readonly default?: string | number | boolean;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  /** A regular expression the value (for `pairs`: each key) must match, and what it means in words. */
  readonly pattern?: { readonly regex: string; readonly means: string };
  /** Words a number option also takes, e.g. `["auto"]` for `--concurrency auto|N`. */
  readonly keywords?: readonly string[];
  /**
   * Given several times (`--base-url A --base-url B`), the values make a list; the file takes
   * one value or an array of them. The parsed value is always an array.
   */
  readonly repeatable?: boolean;
  /** `model`: describes one model (a key of `models[]` in the file); `run`: one value for every model of the run. */
  readonly scope: "model" | "run";
  /**
   * Its key in vlm-bench.config.json, relative to its scope (`max_tokens` in each model, `judge.model`
   * at the top); a dotted key lives in that section's object. Absent: command line only.
   */
  readonly config?: string;
  /** Whether the file must give it within its object (a model's `name` and `model`; `judge.model` when there is a judge section). */
  readonly required?: boolean;
  /**
   * Given on the command line next to `--config`: `applies` to every model of the file (the command
   * line wins over the file), or is `refused` (exit 2) because it describes one model.
   */
  readonly withConfig: "applies" | "refused";
  /** A check of the command line's text beyond type and bounds (an adapter's own); throws a UsageError. */
  readonly parse?: (text: string) => unknown;
  /** An adapter's own option: `AdapterSpec.options[option]`, read by the `kind:` adapter only. */
  readonly adapter?: { readonly kind: string; readonly option: string };
}

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

/**
 * Adapters' own options. They move to the adapters' factories (`adapterFactories[*].options`,
 * issue 11 item 2); `runOptionTable(extra)` appends such declarations after the core options.
 * A command-line value applies to every model of that adapter kind in a config (threads and
 * execution provider depend on the machine, not on the model).
 */
export const ADAPTER_OPTIONS = [
  {
    key: "argv",
    type: "argv",
    scope: "model",
    config: "command",
    withConfig: "refused",
    adapter: { kind: "command", option: "argv" },
    help: "command: adapter: the program and its arguments (spawned without a shell)",
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
 * without a flag exist only in the config file. The adapters' own options follow (runOptionTable).
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

/** `gate`'s thresholds: flags of `gate` and keys of the file's `gate` section (the command line wins). */
export const GATE_OPTIONS = [
  {
    key: "maxDrop",
    flag: "--max-drop <x>",
    type: "number",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop",
    withConfig: "applies",
    help: `largest tolerated drop of a fraction metric (accuracy, F1), absolute (default ${DEFAULT_MAX_DROP})`,
  },
  {
    key: "maxDropPoints",
    flag: "--max-drop-points <x>",
    type: "number",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop_points",
    withConfig: "applies",
    help: `largest tolerated drop of a metric in points (MME), absolute (default ${DEFAULT_MAX_DROP_POINTS})`,
  },
  {
    key: "alpha",
    flag: "--alpha <a>",
    type: "number",
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    scope: "run",
    config: "gate.alpha",
    withConfig: "applies",
    help: `significance level of the paired tests (default ${DEFAULT_ALPHA})`,
  },
  {
    key: "maxDropPerMetric",
    type: "number-map",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop_per_metric",
    withConfig: "applies",
    pattern: { regex: "^[a-z0-9_]+(\\.[A-Za-z0-9_]+)+$", means: "a result key such as pope.f1" },
    help: 'per-metric overrides keyed by result key, e.g. {"pope.f1": 0.02}',
  },
] as const satisfies readonly OptionDef[];

/**
 * `run`'s whole table: RUN_OPTIONS, then the adapters' own options (today ADAPTER_OPTIONS; once
 * adapter factories declare theirs, `adapterOptionDefs(adapterOptions)` from adapters/index.ts).
 * A key may not repeat.
 */
export function runOptionTable(adapters: readonly OptionDef[] = ADAPTER_OPTIONS): readonly OptionDef[] {
  const table: readonly OptionDef[] = [...RUN_OPTIONS, ...adapters];
  const seen = new Set<string>();
  for (const def of table) {
    if (seen.has(def.key)) throw new Error(`option "${def.key}" is defined twice`);
    seen.add(def.key);
  }
  return table;
}

/** How an adapter factory declares one of its own options (`AdapterFactory.options`, with the factory's kind). */
export interface DeclaredAdapterOption {
  readonly kind: string;
  /** Its key in AdapterSpec.options, e.g. `threads`. */
  readonly key: string;
  /** The flag without dashes, e.g. `onnx-threads`; none when only a config file gives it. */
  readonly flag?: string;
  /** The flag's value in `--help`, e.g. `n`. */
  readonly placeholder?: string;
  /** Its path in a config file's model entry, e.g. ["onnx", "threads"]. */
  readonly config: readonly string[];
  readonly type: "string" | "integer" | "string[]";
  readonly minimum?: number;
  readonly help: string;
  /** The flag's text as a value; throws a UsageError naming `where`. */
  parse?(text: string, where: string): unknown;
}

/** Adapter-declared options as rows of the table: per model; a flag applies to that adapter's models next to --config. */
export function adapterOptionDefs(declared: readonly DeclaredAdapterOption[]): OptionDef[] {
  return declared.map((o) => {
    const flag = o.flag === undefined ? undefined : `--${o.flag}`;
    return {
      key: camelCase(o.flag ?? o.config.join("-")),
      ...(flag !== undefined ? { flag: `${flag} <${o.placeholder ?? "value"}>` } : {}),
      help: o.help,
      type: o.type === "string[]" ? "argv" : o.type,
      ...(o.minimum !== undefined ? { minimum: o.minimum } : {}),
      scope: "model",
      config: o.config.join("."),
      withConfig: flag !== undefined ? "applies" : "refused",
      adapter: { kind: o.kind, option: o.key },
      ...(o.parse !== undefined && flag !== undefined ? { parse: (text: string) => o.parse!(text, flag) } : {}),
    };
  });
}

/** Commander's attribute name of a flag: `onnx-threads` → `onnxThreads`. */
function camelCase(words: string): string {
  return words.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The TypeScript type of one option's parsed value. */
type ValueOf<D> = D extends { repeatable: true } ? ScalarOf<D>[] : ScalarOf<D>;
type ScalarOf<D> = D extends { type: "integer" | "number" }
  ? number | (D extends { keywords: readonly (infer K)[] } ? K : never)
  : D extends { type: "flag" }
    ? boolean
    : D extends { type: "pairs" | "argv" }
      ? string[]
      : string;
/** Always present after parsing: a default, or a `--no-x` switch. */
type Present<D> = D extends { default: unknown } | { type: "flag" } ? D : never;

/** The parsed options of a table (typed `as const`): an option with a default is always there, the others may be missing. */
export type OptionValuesOf<T extends readonly OptionDef[]> = {
  -readonly [D in T[number] as D extends Present<D> ? D["key"] : never]: ValueOf<D>;
} & {
  -readonly [D in T[number] as D extends Present<D> ? never : D["key"]]?: ValueOf<D>;
};

/** `--max-tokens` for a flagged option, the config key for a file-only one: how messages name it. */
export function optionName(def: OptionDef): string {
  return def.flag?.split(" ")[0] ?? `"${def.config}"`;
}

/** An option of a table by key (a programming error when absent). */
export function optionOf(table: readonly OptionDef[], key: string): OptionDef {
  const def = table.find((d) => d.key === key);
  if (def === undefined) throw new Error(`no option "${key}" in the table`);
  return def;
}
