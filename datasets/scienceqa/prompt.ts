import { LETTER_ANSWER } from "../../src/prompts.js";
import { pythonStrip } from "../../src/python-text.js";

export const OPTION_LETTERS = ["A", "B", "C", "D", "E"] as const;

/**
 * LLaVA-1.5's ScienceQA prompt: `Context: <hint>` (when non-empty), the question, `A. …` lines
 * (llava_test_CQM-A.json's layout), stripped as model_vqa_science.py strips the question text
 * (`.replace('<image>', '').strip()`) before it adds "\n" + the letter instruction (LETTER).
 */
export function scienceqaPrompt(question: string, choices: readonly string[], hint: string): string {
  const context = hint.trim() === "" ? "" : `Context: ${hint}\n`;
  const options = choices.map((choice, i) => `\n${String.fromCharCode(65 + i)}. ${choice}`).join("");
  return pythonStrip(context + question + options) + LETTER_ANSWER;
}
