import { describe, expect, it } from "vitest";
import { CONTRACTIONS } from "../../../datasets/vqav2/contractions.js";
import { evalAIAnswer, processDigitArticle, processPunctuation, vqaNormalize, vqaTrim } from "../../../datasets/vqav2/normalize.js";
import { parseVqav2 } from "../../../datasets/vqav2/parse.js";

describe("evalAIAnswer (LLaVA's EvalAIAnswerProcessor), hand-worked", () => {
  it.each([
    ["Two", "2"], // number word
    ["two dogs", "2 dogs"],
    ["None", "0"],
    ["ten", "10"],
    ["eleven", "eleven"], // the map stops at ten
    ["A dog.", "dog"], // period rule, then the article goes
    ["The answer is yes", "answer is yes"],
    ["an apple", "apple"],
    ["dont", "don't"], // contraction table
    ["isnt", "isn't"],
    ["Im", "im"], // the table's key "Im" is capitalised, words are lower-cased first: never matches
    ["1,000", "1000"], // commas are deleted before anything else
    ["$12.50", "$12.50"], // "$" is not in the list; a period before a digit stays
    ["3.", "3"],
    ["e.g.", "eg"],
    ["man's hat", "man 's hat"], // "'s" → " 's"
    ["Yes?", "yes"],
    ["red-white", "red white"], // a mark not touching a space becomes a space
    ["red - white", "red white"], // touching a space: deleted (double space collapses on split)
    ["(left)", "left"], // "(" and ")" become spaces, split/join trims
    ["hot dog!", "hot dog"],
    ["\tYes\n", "yes"],
    ["", ""],
    ["a", ""], // only an article
    ["new york.", "new york"],
  ])("%j → %j", (input, expected) => {
    expect(evalAIAnswer(input)).toBe(expected);
  });

  it("deletes only the first 32 periods (re.UNICODE passed as the count)", () => {
    expect(evalAIAnswer("x" + ".".repeat(40))).toBe("x" + ".".repeat(8));
    expect(evalAIAnswer("x" + ".".repeat(32))).toBe("x");
    // Periods followed by a digit do not count towards the cap.
    expect(evalAIAnswer("1.5" + " end.".repeat(33))).toBe("1.5" + " end".repeat(32) + " end.");
  });

  it("treats any Unicode decimal digit as a digit, as Python's \\d does", () => {
    expect(processPunctuation("٣.٥")).toBe("٣.٥");
    expect(processPunctuation("٣,٥ a-b")).toBe("٣٥ ab"); // digit-comma-digit: every mark deleted
  });

  it("parse strips with Python's whitespace first", () => {
    expect(parseVqav2("\u0085 Two \u001f")).toBe("2");
  });
});

describe("vqaEval normalisation", () => {
  it.each([
    ["1,000", "1000"], // digit-comma-digit: marks deleted, not spaced
    ["hot dog!", "hot dog"],
    ["Two", "2"],
    ["the red one", "red 1"],
    ["whats up", "what's up"],
    ["3.14", "3.14"],
    ["yes.", "yes"],
  ])("%j → %j", (input, expected) => {
    expect(vqaNormalize(input)).toBe(expected);
  });

  it("vqaTrim replaces newlines and tabs and strips", () => {
    expect(vqaTrim(" a\tb\nc ")).toBe("a b c");
  });

  it("processDigitArticle maps number words before dropping articles and restores contractions", () => {
    expect(processDigitArticle("A  Couldnt  three")).toBe("couldn't 3");
  });

  it("the contraction table has the official 120 entries", () => {
    expect(CONTRACTIONS.size).toBe(120);
    expect(CONTRACTIONS.get("somebody'd")).toBe("somebodyd");
    expect(CONTRACTIONS.get("y'allll")).toBe("y'all'll");
    expect(CONTRACTIONS.get("twas")).toBe("'twas");
  });
});
