import { describe, expect, it } from "vitest";
import { parsePope } from "../../../datasets/pope/parse.js";

// The official eval_pope.py rule, odd cases included: these are what the published numbers mean.
describe("parsePope", () => {
  it.each([
    ["NO", "yes"], // only the exact tokens No / no / not count
    ["Not sure", "yes"],
    ["I'm not sure.", "no"],
    ["No,there is none", "yes"], // the comma is deleted, leaving the token "Nothere"
    ["", "yes"],
    ["Yes. No.", "yes"], // only the first sentence is read
    ["Nope", "yes"],
    ["No", "no"],
    ["no.", "no"],
    ["Yes, there is a dog.", "yes"],
    ["There is no dog", "no"],
    ["  No  ", "no"], // surrounding whitespace is trimmed first
    ["No\nthere is none", "yes"], // split on single spaces only: the token is "No\nthere"
    ["yes", "yes"],
    ["No, there is no dog.", "no"],
    ["There is not  a dog", "no"], // double space gives an empty token, not a problem
    [".No", "yes"], // nothing before the first dot
    ["\x1cNo", "no"], // Python's strip() removes U+001C, as LLaVA's runner does; JS trim() would not
    ["\ufeffNo", "yes"], // … and keeps a BOM, so the token is "\ufeffNo"
  ])("%j → %s", (text, expected) => {
    expect(parsePope(text)).toBe(expected);
  });
});
