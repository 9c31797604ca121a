import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { type PopeDatasetOptions, writePopeDataset } from "../../datasets/pope/make-mini.js";

const created: string[] = [];

/** A fresh temp folder, removed after each test of the file that calls this. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "vlm-bench-pope-"));
  created.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A small POPE dataset (2 images → 12 questions per split) written into `dir`. */
export async function smallPope(dir: string, options: Partial<PopeDatasetOptions> = {}): Promise<string> {
  await writePopeDataset(dir, { images: 2, seed: 7, ...options });
  return dir;
}
