import { describe, expect, it } from "vitest";
import { vqaAccuracy } from "../../../datasets/vqav2/accuracy.js";
import type { VqaTarget } from "../../../datasets/vqav2/loader.js";
import { scoreVqav2 } from "../../../datasets/vqav2/score.js";
import { submissionFile } from "../../../datasets/vqav2/submission.js";
import type { Sample } from "../../../src/types.js";

const ten = (...groups: [string, number][]) => groups.flatMap(([a, n]) => Array(n).fill(a) as string[]);

describe("vqaAccuracy (official VQA accuracy), hand-worked", () => {
  it.each([
    ["all ten agree", "2", ten(["2", 10]), 1],
    ["ten identical answers are not normalised: 'two' never matches '2'", "2", ten(["two", 10]), 0],
    ["ten identical answers are only trimmed", "2", ten([" 2\n", 10]), 1],
    ["one match: 0 for that annotator, 1/3 for the nine others", "dog", ten(["dog", 1], ["cat", 9]), (9 * (1 / 3)) / 10],
    ["two matches", "cat", ten(["cat", 2], ["dog", 8]), 0.6],
    ["no match", "bird", ten(["cat", 2], ["dog", 8]), 0],
    ["answers that differ are normalised, so 'Two' matches '2'", "2", ten(["Two", 3], ["3", 7]), 0.9],
    ["'1,000' in the human answers matches the prediction '1000'", "1000", ten(["1,000", 5], ["1000", 5]), 1],
  ])("%s", (_name, answer, humans, expected) => {
    expect(vqaAccuracy(answer, humans)).toBeCloseTo(expected, 15);
  });

  it("tells answer objects apart as whole objects, like `item != gtAnsDatum`", () => {
    const humans = ten(["yes", 4], ["no", 6]);
    expect(vqaAccuracy("yes", humans)).toBe(1);
    // All ten objects equal apart from the answer: a "yes" annotator's others exclude every "yes".
    expect(vqaAccuracy("yes", humans, Array(10).fill("same"))).toBe(0.6);
  });
});

const sample = (id: string, target: VqaTarget | null): Sample<VqaTarget | null> => ({
  id,
  benchmark: "vqav2",
  images: [],
  question: "q",
  prompt: "q",
  target,
  meta: { question_id: Number(id) },
});
const target = (answers: string[], answer_type: string): VqaTarget => ({ answers, answer_type, question_type: "what" });

describe("scoreVqav2", () => {
  it("averages per question, overall and per answer type, and scores a failed sample 0", () => {
    const samples = [
      sample("1", target(ten(["yes", 10]), "yes/no")),
      sample("2", target(ten(["no", 10]), "yes/no")),
      sample("3", target(ten(["2", 9], ["3", 1]), "number")),
      sample("4", target(ten(["red", 10]), "other")),
    ];
    const { metrics, items } = scoreVqav2(samples, ["yes", "yes", "3", null]);
    expect(items.map((i) => i.score)).toEqual([1, 0, 0.3, 0]);
    expect(metrics).toEqual({ accuracy: (1 + 0 + 0.3 + 0) / 4, answer_types: { "yes/no": 0.5, number: 0.3, other: 0 } });
  });

  it("test-dev: no score, a note, and the EvalAI file listing every loaded question", () => {
    const loaded = [sample("7", null), sample("8", null), sample("9", null)];
    const result = scoreVqav2([loaded[0]!, loaded[2]!], ["2", "yes"], { outputs: new Map(), loaded });
    expect(result.metrics).toEqual({});
    expect(result.note).toMatch(/EvalAI/);
    expect(JSON.parse(result.files![0]!.text)).toEqual([
      { question_id: 7, answer: "2" },
      { question_id: 8, answer: "" },
      { question_id: 9, answer: "yes" },
    ]);
    expect(submissionFile([], [], loaded).name).toBe("vqav2_test-dev_submission.json");
  });
});
