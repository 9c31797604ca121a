import { type Command, InvalidArgumentError, Option } from "commander";
import { type OptionDef, optionName } from "./option-def.js";

/**
 * Adds the table's options that have a command-line form to `command`, in table order, each
 * with the parser its type and bounds imply, so a bad value is refused (exit 2) the same way
 * the config file's schema refuses it. `help` rewords an option for one command (e.g. score's
 * `--bench`), nothing else about it.
 */
export function addOptions(command: Command, defs: readonly OptionDef[], help: Readonly<Record<string, string>> = {}): Command {
  for (const def of defs) {
    if (def.flag === undefined) continue;
    const option = new Option(def.flag, help[def.key] ?? def.help);
    const parse = parserOf(def);
    if (def.repeatable) {
      // Commander hands the default in as the previous value: the first given value replaces it.
      const fallback = def.default === undefined ? undefined : [def.default];
      option.argParser((text: string, previous: unknown) => [
        ...(previous === fallback || previous === undefined ? [] : (previous as unknown[])),
        parse ? parse(text, undefined) : text,
      ]);
      if (fallback !== undefined) option.default(fallback, String(def.default));
    } else {
      if (parse !== undefined) option.argParser(parse);
      if (def.default !== undefined && def.type !== "flag") option.default(def.default);
    }
    command.addOption(option);
  }
  return command;
}

/** The value check of one option, or undefined when any text is accepted. */
function parserOf(def: OptionDef): ((text: string, previous: unknown) => unknown) | undefined {
  const name = optionName(def);
  if (def.parse !== undefined) {
    // An adapter's own check throws a UsageError; as commander's error it is reported like every other bad value (exit 2).
    const own = def.parse;
    return (text) => {
      try {
        return own(text);
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw error;
        throw new InvalidArgumentError((error as Error).message);
      }
    };
  }
  switch (def.type) {
    case "integer":
    case "number":
      return (text) => parseNumber(def, name, text);
    case "string":
      return def.pattern === undefined ? undefined : (text) => matchPattern(def, name, text);
    case "pairs":
      // A custom parser of a variadic option collects the words itself; `key=value` is checked by the command.
      return (text, previous) => {
        if (def.pattern !== undefined && text.includes("=")) matchPattern(def, name, text.slice(0, text.indexOf("=")));
        return [...((previous as string[] | undefined) ?? []), text];
      };
    default:
      return undefined;
  }
}

function parseNumber(def: OptionDef, name: string, text: string): number | string {
  if (def.keywords?.includes(text)) return text;
  const value = Number(text);
  const whole = def.type === "integer";
  const ok =
    text.trim() !== "" &&
    Number.isFinite(value) &&
    (!whole || Number.isInteger(value)) &&
    (def.minimum === undefined || value >= def.minimum) &&
    (def.exclusiveMinimum === undefined || value > def.exclusiveMinimum) &&
    (def.exclusiveMaximum === undefined || value < def.exclusiveMaximum);
  if (!ok) throw new InvalidArgumentError(`${name} must be ${numberRange(def)}.`);
  return value;
}

/** "an integer ≥ 1", "a number > 0", "a number between 0 and 1 (exclusive)". */
export function numberRange(def: OptionDef): string {
  const what = `${def.keywords?.length ? `${def.keywords.join(", ")} or ` : ""}${def.type === "integer" ? "an integer" : "a number"}`;
  if (def.exclusiveMinimum !== undefined && def.exclusiveMaximum !== undefined) {
    return `${what} between ${def.exclusiveMinimum} and ${def.exclusiveMaximum} (exclusive)`;
  }
  if (def.minimum !== undefined) return `${what} ≥ ${def.minimum}`;
  if (def.exclusiveMinimum !== undefined) return `${what} > ${def.exclusiveMinimum}`;
  return what;
}

function matchPattern(def: OptionDef, name: string, text: string): string {
  if (!new RegExp(def.pattern!.regex).test(text)) throw new InvalidArgumentError(`${name} must be ${def.pattern!.means} (got "${text}").`);
  return text;
}
