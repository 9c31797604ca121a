import { LETTER_ANSWER } from "../../src/prompts.js";
import { pythonStrip } from "../../src/python-text.js";

export const OPTION_LETTERS = ["A", "B", "C", "D", "E"] as const;

/**
 * LLaVA-1.5's ScienceQA prompt: `Context: <hint>` (when non-empty), the question, `A. …` lines
 * (llava_test_CQM-A.json's layout), then "\n" + the letter instruction (LETTER_ANSWER). As
 * LLaVA's scripts/convert_sqa_to_llava_base_prompt.py builds that block: the hint is stripped
 * (get_context_text), and the block gets Python's `str.replace("  ", " ")` — one left-to-right
 * pass, so three spaces become two — then `strip()` (create_one_example_chatbot). Real hints hold
 * double spaces (pids 332, 1412), and LLaVA sent them collapsed.
 */
export function scienceqaPrompt(question: string, choices: readonly string[], hint: string): string {
  const context = pythonStrip(hint) === "" ? "" : `Context: ${pythonStrip(hint)}\n`;
  const options = choices.map((choice, i) => `\n${String.fromCharCode(65 + i)}. ${choice}`).join("");
  // String.prototype.replaceAll, like Python's str.replace, replaces non-overlapping matches left to right.
  return pythonStrip((context + question + options).replaceAll("  ", " ")) + LETTER_ANSWER;
}
