import { describe, expect, it } from "vitest";
import { pricesOf } from "../../app/prices.js";
import { UsageError } from "../../src/errors.js";

describe("prices (app/prices.ts): what the config's schema cannot see, for library callers too", () => {
  it("both or neither, as numbers ≥ 0", () => {
    expect(pricesOf(undefined, undefined, "prices")).toBeUndefined();
    expect(pricesOf(0.5, 1.5, "prices")).toEqual({ input: 0.5, output: 1.5 });
    expect(pricesOf(0, 0, "judge.prices")).toEqual({ input: 0, output: 0 });
  });

  it.each([
    [Number.POSITIVE_INFINITY, 1, "prices", '"prices.input" must be a finite number ≥ 0 (USD per 1M tokens), got Infinity.'],
    [1, Number.NaN, "prices", '"prices.output" must be a finite number ≥ 0 (USD per 1M tokens), got NaN.'],
    [-2, 1, "judge.prices", '"judge.prices.input" must be a finite number ≥ 0 (USD per 1M tokens), got -2.'],
    [1, "3", "prices", '"prices.output" must be a finite number ≥ 0 (USD per 1M tokens), got "3".'],
    [undefined, 3, "judge.prices", '"judge.prices.input" is missing: judge.prices needs both "input" and "output"'],
  ] as const)("(%s, %s) for %s is a UsageError naming the key", (input, output, key, message) => {
    expect(() => pricesOf(input, output, key)).toThrow(UsageError);
    expect(() => pricesOf(input, output, key)).toThrow(message);
  });
});
