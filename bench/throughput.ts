import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { createOpenAIAdapter } from "../adapters/openai/index.js";
import { pope } from "../datasets/pope/index.js";
import { writePopeDataset } from "../datasets/pope/make-mini.js";
import { evaluate } from "../src/evaluate.js";

export interface ThroughputFigures {
  samples: number;
  images: number;
  meanImageKB: number;
  concurrency: number | "auto";
  samplesPerSecond: number;
  wallSeconds: number;
}

/** Runner throughput against an instant loopback server, on POPE-shaped data with real JPEGs. */
export async function throughput(options: {
  images: number;
  cocoSized: boolean;
  /** Per endpoint: fixed, or the adaptive limit. */
  concurrency: number | "auto";
  /** The server JSON-parses every body (slower server, same harness). */
  serverParses?: boolean;
}): Promise<ThroughputFigures> {
  const root = mkdtempSync(path.join(tmpdir(), "vlm-bench-throughput-"));
  const data = path.join(root, "pope");
  await writePopeDataset(data, { images: options.images, seed: 7 });
  const imageDir = path.join(data, "val2014");
  if (options.cocoSized) {
    for (const name of readdirSync(imageDir)) await cocoSized(path.join(imageDir, name));
  }
  const files = readdirSync(imageDir);
  const meanImageKB = files.reduce((sum, f) => sum + statSync(path.join(imageDir, f)).size, 0) / files.length / 1024;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const server = spawn(process.execPath, [path.join(here, "instant-server.js"), ...(options.serverParses ? ["--parse"] : [])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<string>((resolve) => server.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
    const adapter = createOpenAIAdapter({
      name: "instant",
      settings: { maxTokens: 128, temperature: 0, seed: 0 },
      baseUrl: `http://127.0.0.1:${port}/v1`,
      concurrency: options.concurrency,
    });
    const started = performance.now();
    const results = await evaluate({
      jobs: [{ benchmark: pope, dir: data }],
      adapter,
      outDir: path.join(root, "out"),
      concurrency: options.concurrency === "auto" ? 8 : options.concurrency,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const bench = results.benchmarks.pope!;
    return {
      samples: bench.n,
      images: options.images,
      meanImageKB,
      concurrency: options.concurrency,
      samplesPerSecond: bench.speed?.samples_per_s ?? 0,
      wallSeconds,
    };
  } finally {
    server.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Drawn shapes compress to a few KB; COCO val2014 photos average about 150 KB. Setting the
 * scene on a 640×480 gaussian-noise ground makes the request bodies photo-sized.
 */
async function cocoSized(file: string): Promise<void> {
  const scene = await sharp(file).toBuffer();
  const photo = await sharp({
    create: { width: 640, height: 480, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 32 } },
  })
    .composite([{ input: scene, gravity: "center" }])
    .jpeg({ quality: 90 })
    .toBuffer();
  await sharp(photo).toFile(file);
}
