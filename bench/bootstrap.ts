import { popeItemMetrics } from "../datasets/pope/item-metrics.js";
import { vqav2ItemMetrics } from "../datasets/vqav2/item-metrics.js";
import { mulberry32 } from "../src/random.js";
import type { ItemLine } from "../src/run-folder/index.js";
import { bootstrapCi } from "../src/stats/bootstrap-ci.js";

/**
 * Time of `table --ci` for one metric at full benchmark size (1000 resamples): POPE F1
 * (8910 items in 3 splits) and a mean over VQAv2 val's 214,354 items.
 */
export function bootstrapTiming(): { name: string; items: number; seconds: number }[] {
  const random = mulberry32(1);
  const splits = ["random", "popular", "adversarial"];
  const pope: ItemLine[] = Array.from({ length: 8910 }, (_, i) => {
    const target = random() < 0.5 ? "yes" : "no";
    const parsed = random() < 0.85 ? target : target === "yes" ? "no" : "yes";
    return {
      benchmark: "pope",
      id: `${splits[i % 3]}/${i}`,
      parsed,
      target,
      correct: parsed === target ? 1 : 0,
      meta: { split: splits[i % 3] },
    };
  });
  const vqav2: ItemLine[] = Array.from({ length: 214_354 }, (_, i) => ({
    benchmark: "vqav2",
    id: String(i),
    parsed: "x",
    target: null,
    score: Math.min(1, Math.floor(random() * 4) / 3),
  }));
  const cases = [
    { name: "pope.f1", metric: popeItemMetrics.find((m) => m.key === "f1")!, items: pope },
    { name: "vqav2.accuracy", metric: vqav2ItemMetrics[0]!, items: vqav2 },
  ];
  return cases.map(({ name, metric, items }) => {
    const start = performance.now();
    const design = metric.prepare(items);
    bootstrapCi(design.strata, design.value);
    return { name, items: items.length, seconds: (performance.now() - start) / 1000 };
  });
}
