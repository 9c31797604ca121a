import type { ItemLine } from "../src/results.js";

/** Items that the metric treats as one unit (one question; an MME image's two questions; an MMVP pair). */
export type Cluster = readonly ItemLine[];

/**
 * How a grid metric is recomputed from a benchmark's items.jsonl: which strata keep their size
 * under resampling, which items are resampled together, and the metric of a (resampled) set.
 * Recomputing the whole set must give the value in results.json; reports/ci.ts checks that.
 */
export interface ItemStatistic {
  strata(items: readonly ItemLine[]): Cluster[][];
  statistic(strata: readonly (readonly Cluster[])[]): number;
}

/** 1/0 for a right/wrong item, the grade for a graded one (MM-Vet, VQAv2). */
const itemValue = (item: ItemLine): number => item.correct ?? item.score ?? 0;

/** Accuracy-like metrics that are a plain mean over items (GQA, VQAv2, ScienceQA-IMG, MM-Vet). */
export const meanOverItems: ItemStatistic = {
  strata: (items) => [items.map((item) => [item])],
  statistic: (strata) => {
    let sum = 0;
    let n = 0;
    for (const stratum of strata) for (const cluster of stratum) for (const item of cluster) (sum += itemValue(item)), n++;
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

/** POPE: per split accuracy or F1 (yes = positive) from parsed answer vs label, then the mean over splits. */
const popeStatistic = (metric: "accuracy" | "f1"): ItemStatistic => ({
  strata: (items) => groupBy(items, (i) => metaString(i, "split") ?? idPrefix(i)).map((split) => split.map((i) => [i])),
  statistic: (strata) => {
    let total = 0;
    for (const stratum of strata) {
      let tp = 0, fp = 0, fn = 0, right = 0;
      for (const [item] of stratum) {
        const predictedYes = item!.parsed === "yes";
        const labelYes = item!.target === "yes";
        if (predictedYes && labelYes) tp++;
        else if (predictedYes) fp++;
        else if (labelYes) fn++;
        right += item!.correct ?? 0;
      }
      if (metric === "accuracy") total += stratum.length === 0 ? 0 : right / stratum.length;
      else {
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
const mmeStatistic = (tasks: readonly string[]): ItemStatistic => ({
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
const mmvpPairStatistic: ItemStatistic = {
  strata: (items) => [groupBy(items, (i) => metaString(i, "pair") ?? String(Math.ceil(Number(/(\d+)$/.exec(i.id)?.[1] ?? Number.NaN) / 2)))],
  statistic: (strata) => {
    let pairs = 0, right = 0;
    for (const stratum of strata) for (const pair of stratum) (pairs++, pair.every((i) => itemValue(i) === 1) && right++);
    return pairs === 0 ? Number.NaN : right / pairs;
  },
};

/** Grid column key (SPEC §3) → how to recompute it from items. */
export const ITEM_STATISTICS: Readonly<Record<string, ItemStatistic>> = {
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
