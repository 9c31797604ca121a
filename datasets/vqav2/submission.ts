import { readFileSync } from "node:fs";
import { DataError } from "../../src/errors.js";
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
  const full = loaded[0]?.meta.submission_questions;
  const ids = typeof full === "string" ? testQuestionIds(full) : loaded.map((s) => s.meta.question_id as number);
  const rows = ids.map((id) => JSON.stringify({ question_id: id, answer: answers.get(String(id)) ?? "" }));
  return { name: SUBMISSION_FILE, text: `[${rows.join(", ")}]\n` };
}

/** Every question id of the test2015 questions file (447,793 in the release), in file order. */
function testQuestionIds(file: string): number[] {
  let value: { questions?: { question_id?: unknown }[] };
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataError(`${file}: not a readable test2015 questions file (${(error as Error).message}); restore it from https://visualqa.org/download.html.`, { file });
  }
  const ids = (value.questions ?? []).map((q) => q.question_id);
  if (ids.length === 0 || ids.some((id) => typeof id !== "number")) {
    throw new DataError(`${file}: expected {"questions": [{"question_id": 1, …}]}; restore it from https://visualqa.org/download.html.`, { file });
  }
  return ids as number[];
}
