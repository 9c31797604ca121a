import { describe, expect, it } from "vitest";
import type { MmeLabel } from "../../../datasets/mme/loader.js";
import { parseMme } from "../../../datasets/mme/parse.js";
import { mmePrompt } from "../../../datasets/mme/prompt.js";
import { scoreMme } from "../../../datasets/mme/score.js";
import { SHORT_ANSWER } from "../../../src/prompts.js";
import type { Sample } from "../../../src/types.js";

describe("parseMme (calculation.py's rule), hand-worked", () => {
  it.each([
    ["Yes", "yes"],
    ["no", "no"],
    ["  NO  ", "no"],
    ["Yes, there is.", "yes"],
    ["No, there isn't.", "no"],
    ["Eyes", "yes"], // "eyes" holds "yes" in its first four characters
    ["snow", "no"], // "snow" holds "no"
    ["Not sure", "no"], // "not " holds "no"
    ["Nope", "no"],
    ["yesno", "yes"], // "yes" is looked for first
    ["nyes", "yes"],
    ["There is no dog.", null], // "ther": other
    ["I think yes", null], // only the first four characters count
    ["", null],
    ["\u{1F600}yes", "yes"], // Python slices code points: the emoji is one character
    ["yyyyes", null],
  ])("%j → %j", (text, expected) => {
    expect(parseMme(text)).toBe(expected);
  });
});

describe("mmePrompt", () => {
  it.each([
    ["Is there a dog? Please answer yes or no.", `Is there a dog?${SHORT_ANSWER}`],
    ["Is there a dog?  Please answer yes or no.", `Is there a dog?${SHORT_ANSWER}`],
    ["Is there a dog?", `Is there a dog?${SHORT_ANSWER}`],
  ])("%j", (question, prompt) => expect(mmePrompt(question)).toBe(prompt));
});

const sample = (task: string, image: string, line: number, target: MmeLabel): Sample<MmeLabel> => ({
  id: `${task}/${image}#${line}`,
  benchmark: "mme",
  images: [],
  question: "q",
  prompt: "q",
  target,
  meta: { task, image },
});

describe("scoreMme, hand-worked", () => {
  it("acc, acc+ and score per task; perception and cognition sums", () => {
    const samples = [
      sample("existence", "1.jpg", 1, "yes"),
      sample("existence", "1.jpg", 2, "no"), // both right
      sample("existence", "2.jpg", 1, "yes"),
      sample("existence", "2.jpg", 2, "no"), // one right
      sample("OCR", "1.jpg", 1, "yes"),
      sample("OCR", "1.jpg", 2, "no"), // none right ("other" and wrong)
      sample("code_reasoning", "1.png", 1, "yes"),
      sample("code_reasoning", "1.png", 2, "no"), // both right
    ];
    const parsed = ["yes", "no", "yes", "yes", null, "yes", "yes", "no"];
    const { metrics, items } = scoreMme(samples, parsed);
    expect(metrics).toEqual({
      perception: 125 + 0,
      cognition: 200,
      tasks: {
        existence: { acc: 0.75, acc_plus: 0.5, score: 125 },
        OCR: { acc: 0, acc_plus: 0, score: 0 },
        code_reasoning: { acc: 1, acc_plus: 1, score: 200 },
      },
    });
    expect(items.map((i) => i.correct)).toEqual([1, 1, 1, 0, 0, 0, 1, 1]);
    expect(Object.keys(metrics.tasks as object)).toEqual(["existence", "OCR", "code_reasoning"]); // official order
  });

  it("an image with only one question answered never counts for acc+", () => {
    const { metrics } = scoreMme([sample("count", "1.jpg", 1, "yes")], ["yes"]);
    expect(metrics.tasks).toEqual({ count: { acc: 1, acc_plus: 0, score: 100 } });
    expect(metrics.cognition).toBeUndefined();
  });
});
