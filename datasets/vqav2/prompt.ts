import { SHORT_ANSWER } from "../../src/prompts.js";

/** LLaVA-1.5's VQAv2 prompt: the question plus the short-answer suffix. */
export function vqav2Prompt(question: string): string {
  return question + SHORT_ANSWER;
}
