import { groupItems } from "../../src/item-metrics/group.js";
import type { ItemMetric, ItemMetricDesign } from "../../src/types.js";
import { COGNITION_TASKS, MME_TASKS, PERCEPTION_TASKS } from "./tasks.js";

type TaskPart = "acc" | "acc_plus" | "score";

/**
 * MME metrics from items (scoreMme writes `meta.task` and `meta.image`): tasks are strata and
 * an image with its questions is the unit, so acc+ (both questions of an image right) is
 * resampled as the benchmark defines it. Each task's acc, acc+ and score are computed with
 * scoreMme's arithmetic and summed in the official task order, so over all items the result
 * is results.json's, bit for bit.
 */
function mmeMetric(key: string, tasks: readonly string[], part: TaskPart | "sum"): ItemMetric {
  return {
    key,
    unit: part === "acc" || part === "acc_plus" ? "fraction" : "points",
    test: "bootstrap", // acc+ and scores are not shares of items; even acc is resampled by image
    gated: part === "sum",
    prepare(items): ItemMetricDesign {
      const wanted = new Set(tasks);
      const grouped = groupItems(
        items,
        (item) => {
          const task = String(item.meta?.task);
          return wanted.has(task) ? { stratum: task, unit: String(item.meta?.image) } : null;
        },
        () => tasks,
      );
      // Per image: questions, questions right, and whether it counts for acc+ (exactly two, both right).
      const questions = Uint8Array.from(grouped.unitItems, (members) => members.length);
      const right = Uint8Array.from(grouped.unitItems, (members) => members.filter((i) => items[i]!.correct === 1).length);
      const both = Uint8Array.from(grouped.unitItems, (members, u) => (members.length === 2 && right[u] === 2 ? 1 : 0));
      return {
        strata: grouped.strata,
        unitOf: grouped.unitOf,
        value(weights) {
          let total = 0;
          let u = 0;
          for (const size of grouped.strata) {
            let n = 0,
              r = 0,
              b = 0,
              images = 0;
            for (const end = u + size; u < end; u++) {
              const w = weights[u]!;
              n += w * questions[u]!;
              r += w * right[u]!;
              b += w * both[u]!;
              images += w;
            }
            const acc = r / n;
            const accPlus = b / images;
            if (part === "acc") return acc;
            if (part === "acc_plus") return accPlus;
            total += acc * 100 + accPlus * 100;
          }
          return grouped.strata.length === 0 ? Number.NaN : total;
        },
        sums: {
          dims: 4,
          vectors: Float64Array.from({ length: questions.length * 4 }, (_, k) => {
            const u = k >> 2;
            return [questions[u]!, right[u]!, both[u]!, 1][k & 3]!;
          }),
          fromSums(t) {
            // The same arithmetic as value(): per task acc and acc+, summed in task order.
            let total = 0;
            for (let s = 0; s < grouped.strata.length; s++) {
              const acc = t[s * 4 + 1]! / t[s * 4]!;
              const accPlus = t[s * 4 + 2]! / t[s * 4 + 3]!;
              if (part === "acc") return acc;
              if (part === "acc_plus") return accPlus;
              total += acc * 100 + accPlus * 100;
            }
            return grouped.strata.length === 0 ? Number.NaN : total;
          },
        },
      };
    },
  };
}

/**
 * SPEC §3: `mme.perception` and `mme.cognition` (points, gated), and per task
 * `mme.tasks.<task>.{acc, acc_plus, score}` (intervals only).
 */
export const mmeItemMetrics: readonly ItemMetric[] = [
  mmeMetric("perception", PERCEPTION_TASKS, "sum"),
  mmeMetric("cognition", COGNITION_TASKS, "sum"),
  ...MME_TASKS.flatMap((task) => (["acc", "acc_plus", "score"] as const).map((part) => mmeMetric(`tasks.${task}.${part}`, [task], part))),
];

/**
 * The gate's default tolerances, in MME points, chosen from MME's measured run-to-run noise: the
 * median absolute difference between two sampled runs of the same model (0.674 × the standard
 * deviation of their difference, the difference being near-normal), for a model at 80% accuracy
 * whose per-question chance of a right answer is Beta(0.8, 0.2): sd 35.9 (perception) and 34.1
 * (cognition) points → 24.2 and 23.0 → 25 each, rounded to 5 points. A drop smaller than what
 * re-running the same model typically gives is not a regression. Measured by `npm run bench`
 * (bench/gate.ts, mmeNoiseRows; the table, for accuracies 0.7–0.9 and other spreads, is in
 * BENCHMARKS.md, "Gate").
 */
export const mmeGateTolerances: Readonly<Record<string, number>> = { perception: 25, cognition: 25 };
