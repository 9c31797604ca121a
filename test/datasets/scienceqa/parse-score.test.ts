import { describe, expect, it } from "vitest";
import type { ScienceqaTarget } from "../../../datasets/scienceqa/loader.js";
import { parseScienceqa } from "../../../datasets/scienceqa/parse.js";
import { scienceqaPrompt } from "../../../datasets/scienceqa/prompt.js";
import { scoreScienceqa } from "../../../datasets/scienceqa/score.js";
import { LETTER_ANSWER } from "../../../src/prompts.js";
import type { Sample } from "../../../src/types.js";

describe("parseScienceqa (eval_science_qa.py's order), hand-worked", () => {
  it.each([
    ["A", "A"],
    ["E", "E"],
    [" B \n", "B"], // stripped first
    ["A.", null], // not exactly a letter, shorter than 3
    ["(B)", null],
    ["a", null], // case-sensitive
    ["F", null], // only A–E count as a bare letter
    ["B. Dog", "B"],
    ["B. ", null], // stripped to "B."
    ["C. The answer is B.", "C"], // the letter-dot-space rule comes first
    ["The answer is B.", "B"],
    ["The answer is Bx", "B"], // the "." is any character
    ["The answer is B", null], // at the very end: no character for the "."
    ["The answer is B\nfine", null], // Python's "." does not match a newline
    ["The answer is A. The answer is B.", null], // two matches
    ["The answer is AThe answer is B.", "A"], // findall does not overlap: the first match eats the second's "T"
    ["The answer is A\u{1F600}", "A"], // the "." takes a whole code point (JS sees two UTF-16 units)
    ["the answer is B.", null],
    ["I think The answer is D!", "D"],
    ["The answer is Z.", "Z"], // parsed; beyond the choices, so wrong when scored
  ])("%j → %j", (text, expected) => expect(parseScienceqa(text)).toBe(expected));
});

describe("scienceqaPrompt", () => {
  it("puts the context first only when the hint is non-empty, then the lettered options", () => {
    expect(scienceqaPrompt("Which is a mammal?", ["cat", "frog"], "")).toBe(`Which is a mammal?\nA. cat\nB. frog${LETTER_ANSWER}`);
    expect(scienceqaPrompt("Q?", ["x", "y", "z"], "Look closely.")).toBe(`Context: Look closely.\nQ?\nA. x\nB. y\nC. z${LETTER_ANSWER}`);
  });

  it("strips the body before the suffix, as model_vqa_science.py does (value.replace('<image>', '').strip())", () => {
    // Only the outer whitespace goes: a space ending the last choice, a newline opening the question.
    expect(scienceqaPrompt("\nWhich is a mammal? ", ["cat ", "frog \n"], "")).toBe(`Which is a mammal? \nA. cat \nB. frog${LETTER_ANSWER}`);
    // The hint is stripped where LLaVA builds the context (get_context_text).
    expect(scienceqaPrompt("Q?", ["x", "y "], " Look. ")).toBe(`Context: Look.\nQ?\nA. x\nB. y${LETTER_ANSWER}`);
  });

  it('collapses double spaces in one left-to-right pass, as Python\'s str.replace("  ", " ") (issue 12 item 15)', () => {
    // problems.json pid 332-style hint: "The  is adapted" was sent as "The is adapted".
    expect(
      scienceqaPrompt(
        "Which animal's feet are also adapted for sticking to smooth surfaces?",
        ["tokay gecko", "Madagascar day gecko"],
        "The  is adapted to climb.",
      ),
    ).toBe(
      `Context: The is adapted to climb.\nWhich animal's feet are also adapted for sticking to smooth surfaces?\nA. tokay gecko\nB. Madagascar day gecko${LETTER_ANSWER}`,
    );
    // Three spaces become two, four become two (non-overlapping matches), in question and choices too.
    expect(scienceqaPrompt("a   b    c", ["x  y", "z"], "")).toBe(`a  b  c\nA. x y\nB. z${LETTER_ANSWER}`);
    // Replace first, then strip: "  Q" → " Q" → "Q".
    expect(scienceqaPrompt("  Q?", ["x", "y"], "")).toBe(`Q?\nA. x\nB. y${LETTER_ANSWER}`);
  });
});

const sample = (answer: number, choices: number): Sample<ScienceqaTarget> => ({
  id: String(answer),
  benchmark: "scienceqa",
  images: [],
  question: "q",
  prompt: "q",
  target: { answer, choices },
  meta: {},
});

describe("scoreScienceqa", () => {
  it("right letter within the choices is correct; beyond them or unparsed is wrong", () => {
    const samples = [sample(0, 2), sample(2, 3), sample(2, 2), sample(1, 4), sample(0, 5)];
    const { metrics, items } = scoreScienceqa(samples, ["A", "C", "C", null, "Z"]);
    expect(items.map((i) => i.correct)).toEqual([1, 1, 0, 0, 0]);
    expect(metrics).toEqual({ accuracy: 2 / 5 });
  });
});
