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
import { MMVET_MINI, writeMmvetDataset } from "./mmvet/make-mini.js";
import { MMVP_MINI, writeMmvpDataset } from "./mmvp/make-mini.js";
import { GQA_MINI, writeGqaDataset } from "./gqa/make-mini.js";
import { MME_MINI, writeMmeDataset } from "./mme/make-mini.js";
import { POPE_MINI, writePopeDataset } from "./pope/make-mini.js";
import { SCIENCEQA_MINI, writeScienceqaDataset } from "./scienceqa/make-mini.js";
import { VQAV2_MINI, writeVqav2Dataset } from "./vqav2/make-mini.js";

/** Writes each mini set under `root`/datasets/<name>/mini and returns the folders written. */
export async function makeMini(root: string = packageRoot): Promise<string[]> {
  const writers: [string, (dir: string) => Promise<unknown>][] = [
    ["gqa", (dir) => writeGqaDataset(dir, GQA_MINI)],
    ["mme", (dir) => writeMmeDataset(dir, MME_MINI)],
    ["mmvet", (dir) => writeMmvetDataset(dir, MMVET_MINI)],
    ["pope", (dir) => writePopeDataset(dir, POPE_MINI)],
    ["vqav2", (dir) => writeVqav2Dataset(dir, VQAV2_MINI)],
    ["mmvp", (dir) => writeMmvpDataset(dir, MMVP_MINI)],
    ["scienceqa", (dir) => writeScienceqaDataset(dir, SCIENCEQA_MINI)],
  ];
  const written: string[] = [];
  for (const [name, write] of writers) {
    const dir = path.join(root, "datasets", name, "mini");
    // Our own generated folder: clearing it drops files a changed generator no longer writes.
    await rm(dir, { recursive: true, force: true });
    await write(dir);
    written.push(dir);
  }
  return written;
}

// Run only as a script (import.meta.url is the real path, argv[1] may be a link to it).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  for (const dir of await makeMini()) console.log(`wrote ${dir}`);
}
