import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { explainCommand } from "../app/commands/explain.js";
import { pope } from "../datasets/pope/index.js";
import { writePopeDataset } from "../datasets/pope/make-mini.js";

export interface ExplainFigures {
  samples: number;
  models: number;
  grid: number;
  requests: number;
  imageSide: number;
  /** The whole command: loading, image checks, requests, overlays, side-by-side PNGs, explain.html. */
  wallSeconds: number;
  requestsPerSecond: number;
  /** CPU time of the harness process (user + system), the figure a loaded machine distorts least. */
  cpuSeconds: number;
}

/**
 * The `vlm-bench explain` command (in process, so its CPU time can be read) on `samples` POPE
 * samples with distinct images × `models` models at grid G, against the instant loopback server
 * answering with log-probabilities (its own process). The command logs its own request-phase rate.
 */
export async function explainBench(options: {
  samples: number;
  models: number;
  grid: number;
  imageSide: number;
  concurrency: number;
}): Promise<ExplainFigures> {
  const root = mkdtempSync(path.join(tmpdir(), "vlm-bench-explain-"));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const server = spawn(process.execPath, [path.join(here, "instant-server.js"), "--logprobs"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const data = path.join(root, "data");
    await writePopeDataset(path.join(data, "pope"), { images: options.samples, seed: 11, size: options.imageSide });
    const seen = new Set<string>();
    const ids = (await pope.load(path.join(data, "pope")))
      .filter((s) => !seen.has(s.images[0]!) && seen.add(s.images[0]!))
      .map((s) => s.id);
    const port = await new Promise<string>((resolve) => server.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await explainCommand({
      model: Array.from({ length: options.models }, (_, i) => `openai:model-${i + 1}`),
      baseUrl: [`http://127.0.0.1:${port}/v1`],
      maxConcurrency: 256,
      bench: "pope",
      data,
      sample: ids.slice(0, options.samples).join(","),
      grid: options.grid,
      concurrency: options.concurrency,
      out: path.join(root, "out"),
      topLogprobs: 20,
      apiKeyEnv: "OPENAI_API_KEY",
      timeout: 120,
      retries: 5,
      maxTokens: 128,
      temperature: 0,
      seed: 0,
      progress: false,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const requests = options.samples * options.models * (options.grid * options.grid + 1);
    return { ...options, requests, wallSeconds, requestsPerSecond: requests / wallSeconds, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    server.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}
