import { LETTER_ANSWER } from "../../src/prompts.js";

/** SPEC §4: the question, a newline, the options as the CSV has them, and LLaVA's letter suffix. */
export function mmvpPrompt(question: string, options: string): string {
  return question + "\n" + options + LETTER_ANSWER;
}
