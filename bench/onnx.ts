import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createOnnxAdapter } from "../adapters/onnx/index.js";
import { pope } from "../datasets/pope/index.js";
import { generateAll } from "../src/runner.js";
import { PredictionStore } from "../src/store.js";
import { colourPope } from "./fixtures/colour-images.js";
import { writeTinyVlm } from "./fixtures/tiny-vlm.js";

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
    const { samples, adapter } = await tinyModelRun(dir, perImage, threads);
    const store = PredictionStore.open(path.join(dir, "predictions.jsonl"));
    const before = { ...adapter.clock };
    const started = performance.now();
    await generateAll(samples, { adapter, store, concurrency: 8 });
    const wall = performance.now() - started;
    store.close();
    await adapter.close!();
    return figures(samples.length, wall, adapter.clock.ms - before.ms, adapter.clock.runs - before.runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tiny test VLM and a red/blue POPE-layout dataset written into `dir`, and the adapter on it. */
async function tinyModelRun(dir: string, perImage: number, threads?: number) {
  const model = writeTinyVlm(path.join(dir, "model"));
  await colourPope(path.join(dir, "pope"), perImage);
  const samples = await pope.load(path.join(dir, "pope"));
  const settings = { maxTokens: 16, temperature: 0, seed: 0 };
  const adapter = await createOnnxAdapter({ dir: model, settings, threads });
  return { samples, settings, adapter };
}

/** Throughput and the share of `wall` spent inside `session.run` (`insideMs` over `runs` calls). */
function figures(samples: number, wall: number, insideMs: number, runs: number): OnnxFigures {
  return {
    samples,
    samplesPerSecond: (samples * 1000) / wall,
    insideRun: insideMs / wall,
    runsPerSample: runs / samples,
    harnessMicrosPerSample: ((wall - insideMs) * 1000) / samples,
  };
}

/**
 * For the breakdown only (not the target figure): the same samples through `adapter.generate`
 * one after another, without the runner and its append to predictions.jsonl.
 */
export async function onnxAdapterAlone(perImage: number, threads?: number): Promise<OnnxFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), "vlm-bench-onnx-bench-"));
  try {
    const { samples, settings, adapter } = await tinyModelRun(dir, perImage, threads);
    const before = { ...adapter.clock };
    const started = performance.now();
    for (const s of samples) {
      await adapter.generate({
        images: s.images,
        prompt: s.prompt,
        ...settings,
        sample: { benchmark: s.benchmark, id: s.id, meta: s.meta },
      });
    }
    const wall = performance.now() - started;
    await adapter.close!();
    return figures(samples.length, wall, adapter.clock.ms - before.ms, adapter.clock.runs - before.runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `node dist/bench/onnx.js [runs]`: only the onnx figures, `runs` times after a warm-up, with the median and range. */
async function standalone(runs: number): Promise<void> {
  await onnxThroughput(20, 1); // warm-up: JIT, onnxruntime's first sessions
  const runner: OnnxFigures[] = [];
  const alone: OnnxFigures[] = [];
  const line = (x: OnnxFigures) =>
    `${x.samplesPerSecond.toFixed(0)} samples/s; ${(x.insideRun * 100).toFixed(1)}% inside session.run; ` +
    `${x.harnessMicrosPerSample.toFixed(1)} µs/sample outside it (${x.samples} samples, ${x.runsPerSample.toFixed(2)} runs/sample)`;
  for (let i = 0; i < runs; i++) {
    runner.push(await onnxThroughput(1000, 1));
    console.log(`run ${i + 1}, through the runner: ${line(runner.at(-1)!)}`);
    alone.push(await onnxAdapterAlone(1000, 1));
    console.log(`run ${i + 1}, adapter alone:      ${line(alone.at(-1)!)}`);
  }
  const summary = (all: OnnxFigures[], pick: (x: OnnxFigures) => number, digits: number) => {
    const sorted = all.map(pick).sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return `${median.toFixed(digits)} (${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)})`;
  };
  for (const [label, all] of [
    ["through the runner", runner],
    ["adapter alone", alone],
  ] as const) {
    console.log(
      `median (range) of ${runs}, ${label}: ${summary(all, (x) => x.samplesPerSecond, 0)} samples/s; ` +
        `${summary(all, (x) => x.insideRun * 100, 1)}% inside session.run; ${summary(all, (x) => x.harnessMicrosPerSample, 1)} µs/sample outside it`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  standalone(Number(process.argv[2] ?? 7)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
