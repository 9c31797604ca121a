import type { Sample } from "../../src/types.js";

export const SUBMISSION_FILE = "vqav2_test-dev_submission.json";

/**
 * The EvalAI result file, `[{"question_id": 1, "answer": "…"}]`, with one entry for every
 * loaded test-dev question: the processed answer, or "" for a question without one (as LLaVA's
 * convert_vqav2_for_submission.py fills them), so EvalAI accepts the upload.
 */
export function submissionFile(
  answered: readonly Sample[],
  parsed: readonly (string | null)[],
  loaded: readonly Sample[],
): { name: string; text: string } {
  const answers = new Map(answered.map((s, i) => [s.id, parsed[i] ?? ""]));
  const rows = loaded.map((s) => JSON.stringify({ question_id: s.meta.question_id, answer: answers.get(s.id) ?? "" }));
  return { name: SUBMISSION_FILE, text: `[${rows.join(", ")}]\n` };
}
