import path from "node:path";
import { parseModelOption } from "../adapters/index.js";
import type { ModelConfig, VlmBenchConfig } from "../src/config/types.js";
import { UsageError } from "../src/errors.js";
import { type OptionDef, optionName } from "./option-def.js";
import { runOptionTable } from "./run-option-table.js";

/** Parsed options keyed by the table's keys. */
export type OptionValues = Readonly<Record<string, unknown>>;

/**
 * Options given on the command line next to `--config` that describe one model (the table's
 * `withConfig: "refused"`): exit 2 naming them, as they belong in the file, per model.
 */
export function refuseWithConfig(file: string, explicit: ReadonlySet<string>, table: readonly OptionDef[] = runOptionTable()): void {
  const refused = table.filter((def) => def.withConfig === "refused" && explicit.has(def.key)).map(optionName);
  if (refused.length > 0) throw new UsageError(`${refused.join(", ")} cannot be combined with --config: set them per model in ${file}.`);
}

/**
 * An adapter's own option given on the command line with `--config` must reach at least one
 * model of that adapter kind; otherwise it would be ignored, so it is refused (exit 2).
 */
export function refuseUnusedAdapterOptions(
  config: VlmBenchConfig,
  explicit: ReadonlySet<string>,
  table: readonly OptionDef[] = runOptionTable(),
): void {
  const kinds = new Set(config.models.map((m) => parseModelOption(m.model).kind));
  for (const def of table) {
    if (def.adapter === undefined || !explicit.has(def.key) || kinds.has(def.adapter.kind)) continue;
    throw new UsageError(`${optionName(def)} is an option of ${def.adapter.kind}: models, and no model of ${config.file} is one.`);
  }
}

/**
 * One model of a config file as `run`'s options, from the table: an option given on the command
 * line (`explicit`) wins over the file, which wins over the table's default. Options without a
 * config key come from the command line only (`--no-progress`). Callers refuse the command-line
 * options the table marks `refused` first (refuseWithConfig). An adapter's own options reach
 * models of that adapter kind only, and a file that sets them on another kind's model is refused.
 */
export function runOptionsFor(
  config: VlmBenchConfig,
  model: ModelConfig,
  cli: OptionValues,
  explicit: ReadonlySet<string> = new Set(),
  table: readonly OptionDef[] = runOptionTable(),
): Record<string, unknown> {
  const kind = parseModelOption(model.model).kind;
  const index = config.models.indexOf(model);
  const options: Record<string, unknown> = {};
  for (const def of table) {
    const fromFile = def.config === undefined ? undefined : fileValue(def, config, model);
    if (def.adapter !== undefined && def.adapter.kind !== kind) {
      if (fromFile !== undefined) {
        throw new UsageError(
          `${config.file}: /models/${index}/${def.config!.replaceAll(".", "/")}: an option of ${def.adapter.kind}: models, but this model is ${model.model}.`,
        );
      }
      continue;
    }
    const given = def.config === undefined || (explicit.has(def.key) && def.withConfig === "applies");
    const value = given ? (cli[def.key] ?? fromFile) : fromFile;
    options[def.key] = value ?? defaultOf(def);
  }
  // The run's `out` is the root of the models' folders; the loader resolved this model's own.
  options.out = model.out;
  delete options.modelOut;
  return options;
}

/**
 * The config with `--out` and `--data` from the command line in place of the file's: `--out`
 * becomes the root folder (every model in <out>/<name>, the grid files at its top), `--data`
 * the data folder of every model and of the report's thumbnails.
 */
export function withCommandLinePaths(config: VlmBenchConfig, cli: OptionValues, explicit: ReadonlySet<string>): VlmBenchConfig {
  const out = explicit.has("out") ? path.resolve(String(cli.out)) : undefined;
  return {
    ...config,
    ...(explicit.has("data") ? { data: path.resolve(String(cli.data)) } : {}),
    ...(out !== undefined ? { out, models: config.models.map((m) => ({ ...m, out: path.join(out, m.name) })) } : {}),
  };
}

/** The value the file gives for one option, in its command-line form (a list joined by commas, factors as key=value). */
function fileValue(def: OptionDef, config: VlmBenchConfig, model: ModelConfig): unknown {
  // A dotted key is a path through nested objects (`judge.prices.input`).
  let value: unknown = def.scope === "model" ? model : config;
  for (const part of def.config!.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  if (value === undefined) return undefined;
  if (def.repeatable) return Array.isArray(value) ? value : [value];
  if (def.type === "list") return (value as string[]).join(",");
  if (def.type === "pairs") return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  return value;
}

function defaultOf(def: OptionDef): unknown {
  if (def.type === "flag") return true;
  // A repeatable option's value is always a list, as the command line gives it.
  return def.repeatable && def.default !== undefined ? [def.default] : def.default;
}
