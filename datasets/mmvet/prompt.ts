/** LLaVA-1.5's MM-Vet prompt (llava-mm-vet.jsonl): the question alone, no suffix — answers are open-ended. */
export function mmvetPrompt(question: string): string {
  return question;
}
