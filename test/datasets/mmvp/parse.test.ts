import { describe, expect, it } from "vitest";
import { answerLetter, splitOptions } from "../../../datasets/mmvp/options.js";
import { parseMmvpAnswer } from "../../../datasets/mmvp/parse.js";

const OPTIONS = ["Open", "Closed"];

describe("parseMmvpAnswer: the option letter an answer commits to", () => {
  it.each([
    ["(a)", "a"],
    ["a", "a"],
    ["b", "b"],
    ["A", "a"],
    ["A.", "a"],
    ["(B)", "b"],
    ["b)", "b"],
    ["  (a)\n", "a"],
    ["(B) Untied", "b"],
    ["A. Open", "a"],
    ["b) closed", "b"],
    ["The answer is (b).", "b"],
    ["The answer is (a).", "a"],
    ["The answer is (b), a closed door.", "b"], // the article "a" is not option a
    ["Answer: (a)", "a"],
    ["Option (b)", "b"],
    ["The answer is b", "b"],
    ["The answer is B.", "b"],
    ["The answer is a.", "a"],
    ["Option A", "a"],
    ["Open", "a"],
    ["closed.", "b"],
    ["CLOSED", "b"],
  ])("%j → %s", (text, letter) => {
    expect(parseMmvpAnswer(text, OPTIONS)).toBe(letter);
  });

  it.each([
    ["", "empty"],
    ["The answer is a dog.", "the article, not a letter"],
    ["A closed door", "the article again"],
    ["(a) Open (b) Closed", "both options echoed"],
    ["(a) or (b)", "both letters"],
    ["The answer is b, not option a.", "two named letters"],
    ["(c)", "no such option"],
    ["c", "no such option"],
    ["The door is open", "option text inside a sentence is not exact"],
    ["I cannot tell.", "no commitment"],
  ])("%j → unparsed (%s)", (text) => {
    expect(parseMmvpAnswer(text, OPTIONS)).toBeNull();
  });
});

describe("MMVP option strings", () => {
  it.each([
    ["(a) Open (b) Closed", ["Open", "Closed"]],
    ["(a) Yes (b) No", ["Yes", "No"]],
    ["(a) 1 (b) 2 (c) 3", ["1", "2", "3"]],
    ["(A) Left (B) Right", ["Left", "Right"]],
    ["(a) Open", null],
    ["Open or closed", null],
    ["(a) Open (c) Closed", null],
    ["(a)  (b) Closed", null],
  ])("%j → %j", (options, choices) => {
    expect(splitOptions(options)).toEqual(choices);
  });

  it.each([
    ["(a)", "a"],
    ["(B)", "b"],
    [" b ", "b"],
    ["(ab)", null],
    ["", null],
  ])("Correct Answer %j → %s", (text, letter) => {
    expect(answerLetter(text)).toBe(letter);
  });
});
