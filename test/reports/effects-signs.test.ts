import { describe, expect, it } from "vitest";
import { level, signed } from "../../reports/effects-table.js";

describe("effects table numbers: a zero is printed one way (issue 12 item 16)", () => {
  it.each([
    [0, "0.000"],
    [-0, "0.000"],
    [-0.0004, "0.000"],
    [0.0004, "0.000"],
    [-0.0005, "−0.001"],
    [0.25, "+0.250"],
    [-0.8, "−0.800"],
  ])("signed(%d) = %s", (x, text) => {
    expect(signed(x)).toBe(text);
  });

  it.each([
    [-0.0004, "0.000"],
    [-0, "0.000"],
    [0.5, "0.500"],
    [-0.2, "−0.200"],
  ])("level(%d) = %s", (x, text) => {
    expect(level(x)).toBe(text);
  });
});
