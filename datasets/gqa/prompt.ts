import { SHORT_ANSWER } from "../../src/prompts.js";

/** LLaVA-1.5's GQA prompt: the question plus the short-answer suffix. */
export function gqaPrompt(question: string): string {
  return question + SHORT_ANSWER;
}
