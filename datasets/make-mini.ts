/**
 * Regenerates every benchmark's bundled mini/ dataset (today: POPE).
 *   npm run make-mini        (= npm run build && node dist/datasets/make-mini.js)
 * Output is deterministic: rerunning it must leave the annotation files unchanged.
 */
import { realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../src/package-info.js";
import { MMVET_MINI, writeMmvetDataset } from "./mmvet/make-mini.js";
import { MMVP_MINI, writeMmvpDataset } from "./mmvp/make-mini.js";
import { POPE_MINI, writePopeDataset } from "./pope/make-mini.js";

/** Writes each mini set under `root`/datasets/<name>/mini and returns the folders written. */
export async function makeMini(root: string = packageRoot): Promise<string[]> {
  const pope = path.join(root, "datasets", "pope", "mini");
  // Our own generated folder: clearing it drops files a changed generator no longer writes.
  await rm(pope, { recursive: true, force: true });
  await writePopeDataset(pope, POPE_MINI);
  const mmvet = path.join(root, "datasets", "mmvet", "mini");
  await rm(mmvet, { recursive: true, force: true });
  await writeMmvetDataset(mmvet, MMVET_MINI);
  const mmvp = path.join(root, "datasets", "mmvp", "mini");
  await rm(mmvp, { recursive: true, force: true });
  await writeMmvpDataset(mmvp, MMVP_MINI);
  return [pope, mmvet, mmvp];
}

// Run only as a script (import.meta.url is the real path, argv[1] may be a link to it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  for (const dir of await makeMini()) console.log(`wrote ${dir}`);
}
