import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  /** What the command itself reports for its request phase (occluded images written included). */
  requestPhase: string;
}

/**
 * `vlm-bench explain` as a user runs it (the built CLI, a child process) on `samples` POPE samples
 * with distinct images × `models` models at grid G, against the instant loopback server answering
 * with log-probabilities (its own process).
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
    const models = Array.from({ length: options.models }, (_, i) => ["--model", `openai:model-${i + 1}`]).flat();
    const args = [
      path.join(here, "..", "app", "cli.js"),
      "explain",
      ...models,
      "--base-url",
      `http://127.0.0.1:${port}/v1`,
      "--bench",
      "pope",
      "--data",
      data,
      "--sample",
      ids.slice(0, options.samples).join(","),
      "--grid",
      String(options.grid),
      "--concurrency",
      String(options.concurrency),
      "--no-progress",
      "--out",
      path.join(root, "out"),
    ];
    const started = performance.now();
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
      let text = "";
      child.stderr.on("data", (d: Buffer) => (text += d.toString()));
      child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`explain exited ${code}: ${text}`))));
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const requests = options.samples * options.models * (options.grid * options.grid + 1);
    return {
      ...options,
      requests,
      wallSeconds,
      requestsPerSecond: requests / wallSeconds,
      requestPhase: /requests answered in .*\)/.exec(stderr)?.[0] ?? "?",
    };
  } finally {
    server.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}
