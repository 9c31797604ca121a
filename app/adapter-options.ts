import { type Command, InvalidArgumentError, Option } from "commander";
import type { DeclaredAdapterOption } from "../adapters/index.js";
import type { AdapterOption } from "../src/types.js";

/**
 * The bridge between the adapters' own option declarations (adapters/index.ts `adapterOptions`)
 * and the two places a user gives them: `run`'s flags and a config file's model entry.
 */

/** commander's property for a flag: `onnx-threads` → `onnxThreads`. */
export const flagProperty = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Adds each declared option that has a flag to `command` (`run`), parsed by its declaration. */
export function addAdapterFlags(command: Command, declared: readonly DeclaredAdapterOption[]): Command {
  for (const option of declared) {
    if (option.flag === undefined) continue;
    const flag = `--${option.flag}`;
    const parse = (text: string) => {
      try {
        return option.parse(text, flag);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    };
    command.addOption(new Option(`${flag} <${option.placeholder ?? "value"}>`, option.help).argParser(parse));
  }
  return command;
}

/** AdapterSpec.options from `run`'s parsed flags (commander's values, already checked). */
export function adapterOptionsFromFlags(
  values: Readonly<Record<string, unknown>>,
  declared: readonly AdapterOption[],
): Record<string, unknown> {
  const given = declared
    .filter((o) => o.flag !== undefined && values[flagProperty(o.flag)] !== undefined)
    .map((o) => [o.key, values[flagProperty(o.flag!)]] as const);
  return Object.fromEntries(given);
}

/** AdapterSpec.options from a config file's model entry (`onnx.threads`, `command`), checked, naming the JSON path. */
export function adapterOptionsFromConfig(
  entry: Readonly<Record<string, unknown>>,
  declared: readonly AdapterOption[],
  where: string,
): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const option of declared) {
    let value: unknown = entry;
    for (const key of option.config)
      value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined) read[option.key] = option.check(value, `${where}/${option.config.join("/")}`);
  }
  return read;
}
