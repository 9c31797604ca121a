import { describe, expect, it } from "vitest";
import { pythonStrip } from "../../src/python-text.js";

describe("pythonStrip (Python's str.strip())", () => {
  it.each([
    ["  Yes \n", "Yes"],
    ["\t\r\nNo\x0b\x0c", "No"],
    ["\x1cYes\x1f", "Yes"], // Python strips the separators U+001C–U+001F; JS trim() does not
    ["\x85Yes\x85", "Yes"], // NEL
    ["\u00a0\u2003Yes\u3000", "Yes"],
    ["\ufeffYes", "\ufeffYes"], // Python keeps the BOM; JS trim() would drop it
    ["Yes  there", "Yes  there"],
    ["", ""],
    [" \n ", ""],
  ])("%j → %j", (input, expected) => {
    expect(pythonStrip(input)).toBe(expected);
  });
});
