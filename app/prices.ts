import { UsageError } from "../src/errors.js";
import type { TokenPrices } from "../src/types.js";

/**
 * A model's or the judge's prices as results.json records them, from the options table's values
 * (a config file's `prices`, or the library's options): both or neither, each a finite number ≥ 0
 * (USD per million tokens). A bad value is a UsageError (exit 2) naming the config key.
 */
export function pricesOf(input: unknown, output: unknown, key: "prices" | "judge.prices"): TokenPrices | undefined {
  if (input === undefined && output === undefined) return undefined;
  const check = (value: unknown, part: "input" | "output"): number => {
    if (value === undefined) {
      throw new UsageError(
        `"${key}.${part}" is missing: ${key} needs both "input" and "output" (USD per 1M prompt and completion tokens).`,
      );
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new UsageError(
        `"${key}.${part}" must be a finite number ≥ 0 (USD per 1M tokens), got ${typeof value === "number" ? String(value) : JSON.stringify(value)}.`,
      );
    }
    return value;
  };
  return { input: check(input, "input"), output: check(output, "output") };
}
