import { UsageError } from "../src/errors.js";
import type { AdapterOption } from "../src/types.js";

/**
 * Builders for the options an adapter declares (AdapterFactory.options): each knows how to read
 * its flag's text and how to check a config file's or the API's value, with one message style.
 */
type Declaration = Omit<AdapterOption, "type" | "parse" | "check">;

const refuse = (where: string, expected: string, value: unknown): never => {
  throw new UsageError(`${where} must be ${expected}, got ${JSON.stringify(value)}.`);
};

/** A text option (onnx's execution provider, dtype): a non-empty string. */
export function stringOption(declaration: Declaration): AdapterOption {
  const check = (value: unknown, where: string): string => {
    if (typeof value !== "string") return refuse(where, "a string", value);
    return value.trim() === "" ? refuse(where, "a non-empty string", value) : value;
  };
  return { ...declaration, type: "string", check, parse: check };
}

/** A whole-number option (onnx's threads): a number in a config file, its digits on the command line. */
export function integerOption(declaration: Declaration & { minimum: number }): AdapterOption {
  const { minimum } = declaration;
  const check = (value: unknown, where: string): number => {
    if (typeof value !== "number") return refuse(where, "a number", value);
    return Number.isInteger(value) && value >= minimum ? value : refuse(where, `an integer ≥ ${minimum}`, value);
  };
  return {
    ...declaration,
    type: "integer",
    check,
    parse: (text, where) => (/^\s*-?\d+\s*$/.test(text) ? check(Number(text), where) : refuse(where, `an integer ≥ ${minimum}`, text)),
  };
}

/** A list of strings (command's argv as a config file gives it): non-empty. */
export function stringListOption(declaration: Declaration): AdapterOption {
  const check = (value: unknown, where: string): string[] => {
    if (!Array.isArray(value) || value.length === 0 || value.some((a) => typeof a !== "string")) {
      return refuse(where, "a non-empty array of strings", value);
    }
    return [...(value as string[])];
  };
  return { ...declaration, type: "string[]", check, parse: (text, where) => check([text], where) };
}

/** Device ids for CUDA_VISIBLE_DEVICES, one per replica: `0,1,2,3` (or GPU UUIDs), comma-separated. */
export function devicesOption(declaration: Declaration): AdapterOption {
  const check = (value: unknown, where: string): string =>
    typeof value === "string" && /^[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*$/.test(value.trim())
      ? value.trim()
      : refuse(where, "a comma-separated list of device ids such as 0,1,2,3", value);
  return { ...declaration, type: "string", check, parse: check };
}

/**
 * The given AdapterSpec.options that `declared` knows, each checked by its declaration (a wrong
 * value is a UsageError naming the adapter kind and the key); options of other kinds are ignored.
 */
export function readOptions(
  kind: string,
  declared: readonly AdapterOption[],
  given: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const read: Record<string, unknown> = {};
  for (const option of declared) {
    const value = given?.[option.key];
    if (value !== undefined) read[option.key] = option.check(value, `${kind} adapter: option ${option.key}`);
  }
  return read;
}
