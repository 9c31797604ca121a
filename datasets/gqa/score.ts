import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import type { GqaTarget } from "./loader.js";

/**
 * The official GQA eval.py accuracy over balanced questions: correct iff the prediction equals
 * the answer exactly. `binary` = questions whose structural type is not `query`, `open` = `query`.
 */
export function scoreGqa(samples: readonly Sample<GqaTarget>[], parsed: readonly (string | null)[], _context?: ScoreContext): ScoreResult {
  if (parsed.length !== samples.length) throw new RangeError(`scoreGqa: ${samples.length} samples but ${parsed.length} answers`);
  const tally = { all: [0, 0], binary: [0, 0], open: [0, 0] };
  const items: ItemResult[] = samples.map((sample, i) => {
    const answer = parsed[i] ?? null;
    const correct = answer !== null && answer === sample.target.answer ? 1 : 0;
    const kind = sample.target.structural === "query" ? "open" : "binary";
    for (const t of [tally.all, tally[kind]]) {
      t[0]! += correct;
      t[1]!++;
    }
    return { id: sample.id, parsed: answer, correct, meta: { structural: sample.target.structural, answer_type: kind } };
  });
  const metrics: Metrics = {};
  if (tally.all[1]! > 0) metrics.accuracy = tally.all[0]! / tally.all[1]!;
  if (tally.binary[1]! > 0) metrics.binary = tally.binary[0]! / tally.binary[1]!;
  if (tally.open[1]! > 0) metrics.open = tally.open[0]! / tally.open[1]!;
  return { metrics, items };
}
