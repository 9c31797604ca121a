import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOnnxAdapter } from "../adapters/onnx/index.js";
import { pope } from "../datasets/pope/index.js";
import { generateAll } from "../src/runner.js";
import { PredictionStore } from "../src/store.js";
import { colourPope } from "../test/helpers/colour-images.js";
import { writeTinyVlm } from "../test/helpers/tiny-vlm.js";

export interface OnnxFigures {
  samples: number;
  samplesPerSecond: number;
  /** Share of the generation wall time spent inside session.run. */
  insideRun: number;
  runsPerSample: number;
  /** Wall time per sample outside session.run: the adapter's and the runner's own work. */
  harnessMicrosPerSample: number;
}

/**
 * The onnx: adapter on the tiny test VLM over a POPE-layout dataset, through the runner as
 * `vlm-bench run` drives it: samples/s, and how much of the wall time is onnxruntime's.
 */
export async function onnxThroughput(perImage: number, threads?: number): Promise<OnnxFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), "vlm-bench-onnx-bench-"));
  try {
    const model = writeTinyVlm(path.join(dir, "model"));
    await colourPope(path.join(dir, "pope"), perImage);
    const samples = await pope.load(path.join(dir, "pope"));
    const settings = { maxTokens: 16, temperature: 0, seed: 0 };
    const adapter = await createOnnxAdapter({ dir: model, settings, threads });
    const store = PredictionStore.open(path.join(dir, "predictions.jsonl"));
    const before = { ...adapter.clock };
    const started = performance.now();
    await generateAll(samples, { adapter, store, concurrency: 8 });
    const wall = performance.now() - started;
    store.close();
    await adapter.close!();
    return {
      samples: samples.length,
      samplesPerSecond: (samples.length * 1000) / wall,
      insideRun: (adapter.clock.ms - before.ms) / wall,
      runsPerSample: (adapter.clock.runs - before.runs) / samples.length,
      harnessMicrosPerSample: ((wall - (adapter.clock.ms - before.ms)) * 1000) / samples.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
