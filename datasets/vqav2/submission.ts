import type { Sample } from "../../src/types.js";

export const SUBMISSION_FILE = "vqav2_test-dev_submission.json";

/**
 * The EvalAI result file, `[{"question_id": 1, "answer": "…"}]`, with one entry for every
 * loaded test-dev question — and, when the test2015 questions file was found, for every test2015
 * question, as LLaVA's convert_vqav2_for_submission.py writes it: the processed answer, or "" for
 * a question without one, so EvalAI accepts the upload.
 */
export function submissionFile(
  answered: readonly Sample[],
  parsed: readonly (string | null)[],
  loaded: readonly Sample[],
): { name: string; text: string } {
  const answers = new Map(answered.map((s, i) => [String(s.meta.question_id), parsed[i] ?? ""]));
  // The loader puts the test2015 ids (one shared array) in meta when that file was found.
  const full = loaded[0]?.meta.submission_ids as readonly number[] | undefined;
  const ids = full ?? loaded.map((s) => s.meta.question_id as number);
  const rows = ids.map((id) => JSON.stringify({ question_id: id, answer: answers.get(String(id)) ?? "" }));
  return { name: SUBMISSION_FILE, text: `[${rows.join(", ")}]\n` };
}
