import type { ItemResult, Metrics, Sample, ScoreContext, ScoreResult } from "../../src/types.js";
import type { MmeLabel } from "./loader.js";
import { COGNITION_TASKS, PERCEPTION_TASKS } from "./tasks.js";

/**
 * MME's calculation.py per task: acc = share of questions right, acc+ = share of images whose
 * two questions are both right, score = 100·acc + 100·acc+ (0–200); perception and cognition
 * are the sums over their tasks, in the official order. "other" answers (null) are wrong.
 * An image counts for acc+ only with both its questions answered and right.
 */
export function scoreMme(samples: readonly Sample<MmeLabel>[], parsed: readonly (string | null)[], _context?: ScoreContext): ScoreResult {
  if (parsed.length !== samples.length) throw new RangeError(`scoreMme: ${samples.length} samples but ${parsed.length} answers`);
  const tasks = new Map<string, { right: number; n: number; images: Map<string, number[]> }>();
  const items: ItemResult[] = samples.map((sample, i) => {
    const task = String(sample.meta.task);
    const answer = parsed[i] ?? null;
    const correct = answer === sample.target ? 1 : 0;
    let t = tasks.get(task);
    if (t === undefined) tasks.set(task, (t = { right: 0, n: 0, images: new Map() }));
    t.right += correct;
    t.n++;
    const image = String(sample.meta.image);
    t.images.set(image, [...(t.images.get(image) ?? []), correct]);
    return { id: sample.id, parsed: answer, correct, meta: { task, image } };
  });
  const perTask: Record<string, { acc: number; acc_plus: number; score: number }> = {};
  const order = [...PERCEPTION_TASKS, ...COGNITION_TASKS, ...[...tasks.keys()].filter((t) => !isOfficial(t))];
  for (const task of order) {
    const t = tasks.get(task);
    if (t === undefined) continue;
    const acc = t.right / t.n;
    const both = [...t.images.values()].filter((c) => c.length === 2 && c[0] === 1 && c[1] === 1).length;
    const accPlus = both / t.images.size;
    perTask[task] = { acc, acc_plus: accPlus, score: acc * 100 + accPlus * 100 };
  }
  const metrics: Metrics = {};
  const total = (group: readonly string[]) => {
    const present = group.filter((t) => perTask[t] !== undefined);
    return present.length === 0 ? undefined : present.reduce((sum, t) => sum + perTask[t]!.score, 0);
  };
  const perception = total(PERCEPTION_TASKS);
  const cognition = total(COGNITION_TASKS);
  if (perception !== undefined) metrics.perception = perception;
  if (cognition !== undefined) metrics.cognition = cognition;
  metrics.tasks = perTask;
  return { metrics, items };
}

const isOfficial = (task: string): boolean =>
  (PERCEPTION_TASKS as readonly string[]).includes(task) || (COGNITION_TASKS as readonly string[]).includes(task);
