import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import type { GqaTarget } from "./loader.js";

/**
 * The official GQA eval.py accuracy over balanced questions: correct iff the prediction equals
 * the answer exactly. `binary` = questions whose structural type is not `query`, `open` = `query`.
 * Samples whose structural type is unknown count in accuracy only; binary and open are then not
 * reported at all (a share of some questions would pass for the official split).
 */
export function scoreGqa(samples: readonly Sample<GqaTarget>[], parsed: readonly (string | null)[], _context?: ScoreContext): ScoreResult {
  if (parsed.length !== samples.length) throw new RangeError(`scoreGqa: ${samples.length} samples but ${parsed.length} answers`);
  const tally = { all: [0, 0], binary: [0, 0], open: [0, 0] };
  let untyped = 0;
  const items: ItemResult[] = samples.map((sample, i) => {
    const answer = parsed[i] ?? null;
    const correct = answer !== null && answer === sample.target.answer ? 1 : 0;
    const { structural } = sample.target;
    tally.all[0]! += correct;
    tally.all[1]!++;
    if (structural === null) {
      untyped++;
      return { id: sample.id, parsed: answer, correct, meta: { structural: null } };
    }
    const kind = structural === "query" ? "open" : "binary";
    tally[kind][0]! += correct;
    tally[kind][1]!++;
    return { id: sample.id, parsed: answer, correct, meta: { structural, answer_type: kind } };
  });
  const metrics: Metrics = {};
  if (tally.all[1]! > 0) metrics.accuracy = tally.all[0]! / tally.all[1]!;
  if (untyped > 0) {
    return {
      metrics,
      items,
      note:
        `binary and open not computed: ${untyped} of ${samples.length} questions carry no structural type ` +
        `(a VLMEvalKit TSV without testdev_balanced_questions.json beside it)`,
    };
  }
  if (tally.binary[1]! > 0) metrics.binary = tally.binary[0]! / tally.binary[1]!;
  if (tally.open[1]! > 0) metrics.open = tally.open[0]! / tally.open[1]!;
  return { metrics, items };
}
