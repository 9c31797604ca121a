/**
 * Regenerates every benchmark's bundled mini/ dataset.
 *   npm run make-mini        (= npm run build && node dist/datasets/make-mini.js)
 * Output is deterministic: rerunning it must leave the annotation files unchanged.
 */
import { realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../src/package-info.js";
import { benchmarks } from "./index.js";

/** Writes each registered benchmark's mini set (Benchmark.writeMini) under `root`/datasets/<name>/mini and returns the folders written. */
export async function makeMini(root: string = packageRoot): Promise<string[]> {
  const written: string[] = [];
  for (const benchmark of benchmarks) {
    if (benchmark.writeMini === undefined) continue;
    const dir = path.join(root, "datasets", benchmark.name, "mini");
    // Our own generated folder: clearing it drops files a changed generator no longer writes.
    await rm(dir, { recursive: true, force: true });
    await benchmark.writeMini(dir);
    written.push(dir);
  }
  return written;
}

// Run only as a script (import.meta.url is the real path, argv[1] may be a link to it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  for (const dir of await makeMini()) console.log(`wrote ${dir}`);
}
