import type { ItemResult, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import type { ScienceqaTarget } from "./loader.js";

/**
 * eval_science_qa.py: the parsed letter's index among A–E, but only when it is within the
 * problem's choices; correct iff it is the answer index. accuracy = correct / image-subset
 * test problems (IMG-Accuracy).
 */
export function scoreScienceqa(
  samples: readonly Sample<ScienceqaTarget>[],
  parsed: readonly (string | null)[],
  _context?: ScoreContext,
): ScoreResult {
  if (parsed.length !== samples.length) throw new RangeError(`scoreScienceqa: ${samples.length} samples but ${parsed.length} answers`);
  let right = 0;
  const items: ItemResult[] = samples.map((sample, i) => {
    const answer = parsed[i] ?? null;
    const index = answer === null || answer.length !== 1 ? -1 : answer.charCodeAt(0) - 65;
    const chosen = index >= 0 && index < Math.min(sample.target.choices, 5) ? index : -1;
    const correct = chosen === sample.target.answer ? 1 : 0;
    right += correct;
    return { id: sample.id, parsed: answer, correct, meta: { subject: sample.meta.subject, grade: sample.meta.grade } };
  });
  return { metrics: samples.length === 0 ? {} : { accuracy: right / samples.length }, items };
}
