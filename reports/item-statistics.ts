import type { ItemLine } from "../src/results.js";

/** Items resampled together: an MME image's questions, an MMVP pair. */
export type Cluster = readonly ItemLine[];

/**
 * How a grid metric is recomputed from a benchmark's items.jsonl: `strata` turns the items into
 * resampling units grouped in strata that keep their size under resampling (POPE's splits,
 * MME's tasks); a unit is what the metric treats as one thing (a question; an MME image with
 * its two questions; an MMVP pair), reduced to the little the metric needs, so that a
 * thousand resamples of 200,000 items stay fast. `statistic` is the metric of a set of units.
 * Recomputing the whole set must give the value in results.json; reports/ci.ts checks that.
 */
export interface ItemStatistic<U = unknown> {
  strata(items: readonly ItemLine[]): U[][];
  statistic(strata: readonly (readonly U[])[]): number;
}

/** 1/0 for a right/wrong item, the grade for a graded one (MM-Vet, VQAv2). */
const itemValue = (item: ItemLine): number => item.correct ?? item.score ?? 0;

/** Accuracy-like metrics that are a plain mean over items (GQA, VQAv2, ScienceQA-IMG, MM-Vet). */
export const meanOverItems: ItemStatistic<number> = {
  strata: (items) => [items.map(itemValue)],
  statistic: (strata) => {
    let sum = 0;
    let n = 0;
    for (let s = 0; s < strata.length; s++) {
      const values = strata[s]!;
      for (let i = 0; i < values.length; i++) sum += values[i]!;
      n += values.length;
    }
    return n === 0 ? Number.NaN : sum / n;
  },
};

const groupBy = <T>(values: readonly T[], key: (value: T) => string): T[][] => {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [value]);
    else group.push(value);
  }
  return [...groups.values()];
};

const metaString = (item: ItemLine, key: string): string | undefined => {
  const value = item.meta?.[key];
  return value === undefined || value === null ? undefined : String(value);
};

/** Sample ids are `<split>/<n>` (POPE), `<task>/<image>#<line>` (MME): the part before the first "/". */
const idPrefix = (item: ItemLine): string => item.id.slice(0, Math.max(0, item.id.indexOf("/")));

// A POPE item as one number: its confusion cell times 2, plus 1 when right.
const TP = 1, FP = 2, FN = 3; // anything else (TN, or no answer to a "no") is 0

/** POPE: per split accuracy or F1 (yes = positive) from parsed answer vs label, then the mean over splits. */
const popeStatistic = (metric: "accuracy" | "f1"): ItemStatistic<number> => ({
  strata: (items) =>
    groupBy(items, (i) => metaString(i, "split") ?? idPrefix(i)).map((split) =>
      split.map((item) => {
        const predictedYes = item.parsed === "yes";
        const labelYes = item.target === "yes";
        const cell = predictedYes ? (labelYes ? TP : FP) : labelYes ? FN : 0;
        return cell * 2 + (item.correct ?? 0);
      }),
    ),
  statistic: (strata) => {
    let total = 0;
    for (const split of strata) {
      const cells = [0, 0, 0, 0];
      let right = 0;
      for (let i = 0; i < split.length; i++) {
        const code = split[i]!;
        cells[code >> 1]!++;
        right += code & 1;
      }
      if (metric === "accuracy") total += split.length === 0 ? 0 : right / split.length;
      else {
        const [, tp, fp, fn] = cells as [number, number, number, number];
        const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
        const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
        total += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      }
    }
    return strata.length === 0 ? Number.NaN : total / strata.length;
  },
});

const MME_PERCEPTION = ["existence", "count", "position", "color", "posters", "celebrity", "scene", "landmark", "artwork", "OCR"];
const MME_COGNITION = ["commonsense_reasoning", "numerical_calculation", "text_translation", "code_reasoning"];

/**
 * MME: per task 100·acc + 100·acc+ (acc+ = images with both questions right), summed over the
 * group's tasks. Tasks are strata; an image (its questions) is the resampled unit.
 */
const mmeStatistic = (tasks: readonly string[]): ItemStatistic<Cluster> => ({
  strata: (items) => {
    const wanted = new Set(tasks.map((t) => t.toLowerCase()));
    const inGroup = items.filter((i) => wanted.has((metaString(i, "task") ?? idPrefix(i)).toLowerCase()));
    return groupBy(inGroup, (i) => metaString(i, "task") ?? idPrefix(i)).map((task) =>
      groupBy(task, (i) => metaString(i, "image") ?? i.id.replace(/#[^#]*$/, "")),
    );
  },
  statistic: (strata) => {
    let total = 0;
    for (const images of strata) {
      let questions = 0, right = 0, bothRight = 0;
      for (const image of images) {
        const r = image.reduce((s, i) => s + itemValue(i), 0);
        questions += image.length;
        right += r;
        if (r === image.length) bothRight++;
      }
      if (images.length > 0) total += (100 * right) / questions + (100 * bothRight) / images.length;
    }
    return total;
  },
});

/** MMVP: a pair counts only when both its questions are right; pairs are the resampled unit. */
const mmvpPairStatistic: ItemStatistic<Cluster> = {
  strata: (items) => [groupBy(items, (i) => metaString(i, "pair") ?? String(Math.ceil(Number(/(\d+)$/.exec(i.id)?.[1] ?? Number.NaN) / 2)))],
  statistic: (strata) => {
    let pairs = 0, right = 0;
    for (const stratum of strata) for (const pair of stratum) (pairs++, pair.every((i) => itemValue(i) === 1) && right++);
    return pairs === 0 ? Number.NaN : right / pairs;
  },
};

/** Grid column key (SPEC §3) → how to recompute it from items. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each metric has its own unit type
export const ITEM_STATISTICS: Readonly<Record<string, ItemStatistic<any>>> = {
  "gqa.accuracy": meanOverItems,
  "mme.cognition": mmeStatistic(MME_COGNITION),
  "mme.perception": mmeStatistic(MME_PERCEPTION),
  "mmvet.total": meanOverItems,
  "pope.accuracy": popeStatistic("accuracy"),
  "pope.f1": popeStatistic("f1"),
  "vqav2.accuracy": meanOverItems,
  "mmvp.accuracy": mmvpPairStatistic,
  "scienceqa.accuracy": meanOverItems,
};
