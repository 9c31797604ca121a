import { pythonStrip } from "../../src/python-text.js";
import { OPTION_LETTERS } from "./prompt.js";

/** `The answer is ([A-Z]).` as Python compiles it: its `.` is any character but "\n". */
const ANSWER_IS = /The answer is ([A-Z])[^\n]/g;

/**
 * LLaVA's eval_science_qa.py answer rule, case-sensitive and in this order: the whole text is
 * one of A–E; else it is at least three characters and starts with a letter A–E followed by
 * ". "; else "The answer is X" plus one more character occurs exactly once; else unparsed
 * (null). So "A." and "(B)" are unparsed, "C. The answer is B." is C. A letter may still be
 * beyond the problem's choices (e.g. "F" or "The answer is Z."): it is returned and scored wrong.
 */
export function parseScienceqa(text: string): string | null {
  const answer = pythonStrip(text);
  if ((OPTION_LETTERS as readonly string[]).includes(answer)) return answer;
  if (answer.length >= 3 && (OPTION_LETTERS as readonly string[]).includes(answer[0]!) && answer.slice(1, 3) === ". ") return answer[0]!;
  const matches = [...answer.matchAll(ANSWER_IS)];
  return matches.length === 1 ? matches[0]![1]! : null;
}
