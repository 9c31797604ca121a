import { describe, expect, it } from "vitest";
import { vqaAccuracy } from "../../../datasets/vqav2/accuracy.js";

const ten = (...groups: [string, number][]) => groups.flatMap(([a, n]) => Array(n).fill(a) as string[]);

// vqaEval.py sums the ten per-annotator values left to right in the annotation's answer order
// (`float(sum(gtAcc))/len(gtAcc)`, Python ≤ 3.11's plain float sum, LLaVA's python=3.10), so the
// last bit depends on where the matching answers sit. Values checked with CPython 3.11:
//   sum([1/3]*2 + [2/3]*8)/10 == 0.6 ;  sum([2/3]*8 + [1/3]*2)/10 == 0.5999999999999999
describe("VQA accuracy keeps the official summation order, bit for bit", () => {
  it.each([
    ["matches first", ten(["cat", 2], ["dog", 8]), 0.6],
    ["matches last", ten(["dog", 8], ["cat", 2]), 0.5999999999999999],
  ])("two of ten humans agree, %s", (_name, humans, expected) => {
    expect(vqaAccuracy("cat", humans)).toBe(expected);
  });
});
