import { SHORT_ANSWER } from "../../src/prompts.js";

/** LLaVA-1.5's POPE prompt: the question exactly as the dataset has it, plus the short-answer suffix. */
export function popePrompt(text: string): string {
  return text + SHORT_ANSWER;
}
