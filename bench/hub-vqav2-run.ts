/**
 * Child process of bench/hub-vqav2.ts: `run` over a hub snapshot with a model that answers at
 * once, reporting (JSON on stdout) when the first request reached the model and how many
 * images the load wrote. argv: DATA_DIR OUT_DIR IMAGE_CACHE.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { vqav2 } from "../datasets/vqav2/index.js";
import { evaluate } from "../src/evaluate.js";
import type { ModelAdapter } from "../src/types.js";

const [data, out, cache] = process.argv.slice(2) as [string, string, string];
process.env.VLM_BENCH_IMAGE_CACHE = cache;
const started = performance.now();
let firstRequest: number | undefined;
const settings = { maxTokens: 128, temperature: 0, seed: 0 };
const adapter: ModelAdapter = {
  id: "instant:bench|max_tokens=128|temperature=0|seed=0",
  kind: "instant",
  name: "bench",
  settings,
  generate: async ({ prompt }) => {
    firstRequest ??= performance.now();
    return { text: prompt.length % 2 === 0 ? "yes" : "red", latencyMs: 0 };
  },
};
await evaluate({ jobs: [{ benchmark: vqav2, dir: path.join(data, "vqav2") }], adapter, outDir: out, concurrency: 16 });
const images = readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".jpg")).length;
process.stdout.write(
  JSON.stringify({ firstRequestSeconds: ((firstRequest ?? performance.now()) - started) / 1000, imagesWritten: images }),
);
