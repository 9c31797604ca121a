import { pythonStrip } from "../../src/text.js";
import { evalAIAnswer } from "./normalize.js";

/**
 * The answer LLaVA submits: its runner strips the output, then EvalAIAnswerProcessor normalises
 * it. Every output is an answer (an empty one included), so VQAv2 never reports `unparsed`.
 */
export function parseVqav2(text: string): string {
  return evalAIAnswer(pythonStrip(text));
}
