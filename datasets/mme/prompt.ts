import { SHORT_ANSWER } from "../../src/prompts.js";

const YES_NO = / +Please answer yes or no\.$/;

/**
 * LLaVA-1.5's MME prompt: the question with its trailing " Please answer yes or no." replaced
 * by the short-answer suffix. A few official questions have two spaces before it; both go.
 */
export function mmePrompt(question: string): string {
  return question.replace(YES_NO, "") + SHORT_ANSWER;
}
