import { describe, expect, it } from "vitest";
import { costOf, minusUsage, plusUsage, sumUsage } from "../../src/usage.js";

describe("token usage sums (src/usage.ts)", () => {
  it("sums reported tokens and counts every call, so 'not reported' differs from 0 tokens", () => {
    expect(
      sumUsage([{ promptTokens: 612, completionTokens: 2 }, undefined, { promptTokens: 0, completionTokens: 0 }, { completionTokens: 5 }]),
    ).toEqual({ calls: 4, reported: 3, prompt_tokens: 612, completion_tokens: 7 });
    expect(sumUsage([undefined, {}])).toEqual({ calls: 2, reported: 0, prompt_tokens: 0, completion_tokens: 0 });
    expect(sumUsage([])).toEqual({ calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 });
  });

  it("ignores values a command adapter's child may send that are no token counts (strings, negatives, NaN)", () => {
    const odd = [
      { promptTokens: "12" as unknown as number, completionTokens: -1 },
      { promptTokens: Number.NaN, completionTokens: 3 },
    ];
    expect(sumUsage(odd)).toEqual({ calls: 2, reported: 1, prompt_tokens: 0, completion_tokens: 3 });
  });

  it("adds and subtracts running totals", () => {
    const a = { calls: 3, reported: 2, prompt_tokens: 30, completion_tokens: 4 };
    const b = { calls: 1, reported: 1, prompt_tokens: 7, completion_tokens: 1 };
    expect(plusUsage(a, b)).toEqual({ calls: 4, reported: 3, prompt_tokens: 37, completion_tokens: 5 });
    expect(minusUsage(plusUsage(a, b), a)).toEqual(b);
  });

  it("costs USD per million tokens: 4,000 prompt at $0.50 plus 80 completion at $1.50 is $0.00212", () => {
    expect(costOf({ prompt_tokens: 4000, completion_tokens: 80 }, { input: 0.5, output: 1.5 })).toBeCloseTo(0.00212, 12);
    expect(costOf({ prompt_tokens: 2_000_000, completion_tokens: 1_000_000 }, { input: 3, output: 15 })).toBe(21);
    expect(costOf({ prompt_tokens: 5, completion_tokens: 5 }, { input: 0, output: 0 })).toBe(0);
  });
});
