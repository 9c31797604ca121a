import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import { memoNormalize, vqaAccuracy } from "./accuracy.js";
import type { VqaTarget } from "./loader.js";
import { submissionFile } from "./submission.js";

/**
 * VQAv2 val: the official accuracy per question, the mean over questions (`accuracy`) and per
 * answer type (`answer_types`), summed in sample order as the official script does. Test-dev
 * samples (no ground truth) get no local score: the EvalAI submission file is returned instead.
 */
export function scoreVqav2(
  samples: readonly Sample<VqaTarget | null>[],
  parsed: readonly (string | null)[],
  context?: ScoreContext,
): ScoreResult {
  if (parsed.length !== samples.length) throw new RangeError(`scoreVqav2: ${samples.length} samples but ${parsed.length} answers`);
  if (samples.length > 0 && samples.every((s) => s.target === null)) {
    const file = submissionFile(samples, parsed, (context?.loaded ?? samples) as readonly Sample[]);
    return {
      metrics: {},
      items: samples.map((s, i) => ({ id: s.id, parsed: parsed[i] ?? null, meta: { split: "test-dev" } })),
      note: `test-dev has no local score: upload ${file.name} to EvalAI (https://eval.ai/web/challenges/challenge-page/830)`,
      files: [file],
    };
  }
  const normalize = memoNormalize();
  let total = 0;
  const byType = new Map<string, { sum: number; n: number }>();
  const items: ItemResult[] = samples.map((sample, i) => {
    const target = sample.target;
    if (target === null) throw new RangeError(`scoreVqav2: sample ${sample.id} (test-dev) scored together with val samples`);
    const answer = parsed[i] ?? null;
    // A failed sample (no answer at all) scores 0; an empty answer is still an answer.
    const score = answer === null ? 0 : vqaAccuracy(answer, target.answers, target.answerKeys, normalize);
    total += score;
    const type = byType.get(target.answer_type) ?? { sum: 0, n: 0 };
    type.sum += score;
    type.n++;
    byType.set(target.answer_type, type);
    return { id: sample.id, parsed: answer, score, meta: { answer_type: target.answer_type } };
  });
  const answerTypes: Metrics = {};
  for (const [type, { sum, n }] of byType) answerTypes[type] = sum / n;
  const metrics: Metrics =
    samples.length === 0 ? { answer_types: answerTypes } : { accuracy: total / samples.length, answer_types: answerTypes };
  return { metrics, items };
}
