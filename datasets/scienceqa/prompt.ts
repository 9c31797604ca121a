import { LETTER_ANSWER } from "../../src/prompts.js";

export const OPTION_LETTERS = ["A", "B", "C", "D", "E"] as const;

/** LLaVA-1.5's ScienceQA prompt: `Context: <hint>` (when non-empty), the question, `A. …` lines, LETTER. */
export function scienceqaPrompt(question: string, choices: readonly string[], hint: string): string {
  const context = hint.trim() === "" ? "" : `Context: ${hint}\n`;
  const options = choices.map((choice, i) => `\n${String.fromCharCode(65 + i)}. ${choice}`).join("");
  return context + question + options + LETTER_ANSWER;
}
