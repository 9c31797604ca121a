import { pythonStrip } from "../../src/python-text.js";
import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import { judgeMmvp } from "./grader.js";

/**
 * MMVP: an answer is right when its option letter is the correct one. An answer without a
 * clear letter goes to the judge when one is configured (the official grading is by GPT-4),
 * otherwise it is wrong (and counted as unparsed). accuracy = share of pairs (rows 1–2, 3–4, …)
 * with both questions right, over the pairs whose two answers were both scored;
 * question_accuracy = share of questions right. A judge failure leaves that sample unscored
 * and reported as a failure, never as wrong.
 */
export async function scoreMmvp(
  samples: readonly Sample<string>[],
  parsed: readonly (string | null)[],
  context: ScoreContext,
): Promise<ScoreResult> {
  const failures: { id: string; message: string }[] = [];
  const scored = await Promise.all(
    samples.map(async (sample, i): Promise<ItemResult | null> => {
      const letter = parsed[i] ?? null;
      const meta: Record<string, unknown> = { pair: sample.meta.pair };
      if (letter !== null || context.judge === undefined) {
        return { id: sample.id, parsed: letter, correct: letter === sample.target ? 1 : 0, meta };
      }
      try {
        const { verdict, reply } = await judgeMmvp(context.judge, sample, pythonStrip(context.outputs.get(sample.id) ?? ""));
        return { id: sample.id, parsed: null, correct: verdict === "yes" ? 1 : 0, meta: { ...meta, judge: verdict, judge_reply: reply } };
      } catch (error) {
        failures.push({ id: sample.id, message: (error as Error).message });
        return null;
      }
    }),
  );
  const items = scored.filter((item) => item !== null);
  return { metrics: mmvpMetrics(items), items, failures };
}

/** Pure: pair and question accuracy from scored items carrying `meta.pair`. No items → {}. */
export function mmvpMetrics(items: readonly ItemResult[]): Metrics {
  if (items.length === 0) return {};
  const pairs = new Map<string, ItemResult[]>();
  for (const item of items) {
    const key = String(item.meta?.pair);
    pairs.set(key, [...(pairs.get(key) ?? []), item]);
  }
  const complete = [...pairs.values()].filter((p) => p.length === 2);
  const metrics: Metrics = {};
  if (complete.length > 0) metrics.accuracy = complete.filter((p) => p.every((i) => i.correct === 1)).length / complete.length;
  metrics.question_accuracy = items.filter((i) => i.correct === 1).length / items.length;
  return metrics;
}
