import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pope } from "../datasets/pope/index.js";
import { SHORT_ANSWER } from "../src/prompts.js";
import { generateAll } from "../src/runner.js";
import { PredictionStore } from "../src/store.js";
import type { ModelAdapter, Sample } from "../src/types.js";

/**
 * Harness cost per sample with a model that answers at once and reads no image: resume
 * lookup, scheduling, the append to predictions.jsonl, parsing and scoring.
 */
export async function overhead(count: number): Promise<{ samples: number; microsPerSample: number }> {
  const splits = ["random", "popular", "adversarial"];
  const samples: Sample<"yes" | "no">[] = Array.from({ length: count }, (_, i) => {
    const text = `Is there a thing number ${i % 80} in the image?`;
    return {
      id: `${splits[i % 3]}/${i}`,
      benchmark: "pope",
      images: [`/coco/val2014/COCO_val2014_${String(i % 500).padStart(12, "0")}.jpg`],
      question: text,
      prompt: text + SHORT_ANSWER,
      target: i % 2 === 0 ? "yes" : "no",
      meta: { split: splits[i % 3], question_id: i },
    };
  });
  const settings = { maxTokens: 128, temperature: 0, seed: 0 };
  const adapter: ModelAdapter = {
    id: "instant:bench|max_tokens=128|temperature=0|seed=0",
    kind: "instant",
    name: "bench",
    settings,
    generate: async ({ prompt }) => ({ text: prompt.length % 2 === 0 ? "Yes" : "No, there is not.", latencyMs: 0 }),
  };
  const dir = mkdtempSync(path.join(tmpdir(), "vlm-bench-overhead-"));
  try {
    const store = PredictionStore.open(path.join(dir, "predictions.jsonl"));
    const started = performance.now();
    const outcome = await generateAll(samples, { adapter, store, concurrency: 8 });
    const outputs = new Map([...outcome.records].map(([id, r]) => [id, r.text]));
    const parsed = samples.map((s) => pope.parse(outputs.get(s.id)!, s));
    pope.score(samples, parsed, { outputs });
    const elapsed = performance.now() - started;
    store.close();
    return { samples: count, microsPerSample: (elapsed * 1000) / count };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
