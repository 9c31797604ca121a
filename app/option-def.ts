import type { DeclaredAdapterOption } from "../adapters/index.js";

/**
 * What one row of the options table (app/options.ts) holds, and what is derived from a row
 * alone: how messages name it, the TypeScript type of the parsed values, and rows made from
 * the options adapter factories declare.
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
/** How an adapter factory declares one of its own options: adapters/index.ts `adapterOptions` (AdapterOption plus its kind). */
export type { DeclaredAdapterOption };

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
      ...(flag !== undefined ? { parse: (text: string) => o.parse(text, flag) } : {}),
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
