import { describe, expect, it } from "vitest";
import type { GqaTarget } from "../../../datasets/gqa/loader.js";
import { parseGqa } from "../../../datasets/gqa/parse.js";
import { scoreGqa } from "../../../datasets/gqa/score.js";
import type { Sample } from "../../../src/types.js";

describe("parseGqa (convert_gqa_for_eval.py: rstrip('.').lower()), hand-worked", () => {
  it.each([
    ["Yes...", "yes"],
    ["yes ..", "yes "], // only trailing periods go: the space stays, so it is wrong
    ["  Yes.  ", "yes"], // the runner strips first
    ["Red.", "red"],
    ["on the left.", "on the left"],
    ["U.S.", "u.s"],
    ["", ""],
    ["...", ""],
  ])("%j → %j", (text, expected) => expect(parseGqa(text)).toBe(expected));
});

const sample = (id: string, answer: string, structural: string): Sample<GqaTarget> => ({
  id,
  benchmark: "gqa",
  images: [],
  question: "q",
  prompt: "q",
  target: { answer, structural },
  meta: {},
});

describe("scoreGqa", () => {
  it("exact match; binary = not query, open = query", () => {
    const samples = [
      sample("1", "yes", "verify"),
      sample("2", "no", "logical"),
      sample("3", "red", "query"),
      sample("4", "left", "choose"),
      sample("5", "cat", "query"),
    ];
    const parsed = [parseGqa("Yes..."), parseGqa("yes .."), parseGqa("Red."), "right", "cat"];
    const { metrics, items } = scoreGqa(samples, parsed);
    expect(items.map((i) => i.correct)).toEqual([1, 0, 1, 0, 1]);
    expect(metrics).toEqual({ accuracy: 3 / 5, binary: 1 / 3, open: 1 });
  });

  it("questions without a structural type (a TSV alone) count in accuracy only; binary and open are then not reported", () => {
    const samples = [
      sample("1", "yes", "verify"),
      { ...sample("2", "red", "query"), target: { answer: "red", structural: null } },
      sample("3", "cat", "query"),
    ];
    const { metrics, items, note } = scoreGqa(samples, ["yes", "red", "dog"]);
    expect(items.map((i) => i.correct)).toEqual([1, 1, 0]);
    expect(items[1]!.meta).toEqual({ structural: null });
    expect(metrics).toEqual({ accuracy: 2 / 3 });
    expect(note).toBe(
      "binary and open not computed: 1 of 3 questions carry no structural type (a VLMEvalKit TSV without testdev_balanced_questions.json beside it)",
    );
  });

  it("the answer is compared as the file has it (not lower-cased)", () => {
    expect(scoreGqa([sample("1", "Yes", "verify")], ["yes"]).items[0]!.correct).toBe(0);
  });
});
