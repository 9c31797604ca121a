import { readdir } from "node:fs/promises";
import path from "node:path";
import { DataError } from "./errors.js";
import type { Sample } from "./types.js";

/**
 * Checks that every image the samples name exists, with one directory listing per folder
 * instead of a stat per question (VQAv2 asks 214k questions about 40k images). Missing images
 * are named with the first sample that needs each; `fix` says where to get them.
 */
export async function checkImagesListed(title: string, samples: readonly Sample[], fix: string): Promise<void> {
  const listings = new Map<string, Promise<Set<string>>>();
  const list = (dir: string) => {
    let listing = listings.get(dir);
    if (listing === undefined) {
      listing = readdir(dir).then(
        (names) => new Set(names),
        () => new Set<string>(),
      );
      listings.set(dir, listing);
    }
    return listing;
  };
  const missing = new Map<string, string>(); // image path → first sample asking about it
  for (const sample of samples) {
    for (const image of sample.images) {
      if (missing.has(image)) continue;
      if (!(await list(path.dirname(image))).has(path.basename(image))) missing.set(image, sample.id);
    }
  }
  if (missing.size === 0) return;
  const shown = [...missing]
    .slice(0, 5)
    .map(([file, id]) => `sample ${id}: ${file}`)
    .join("; ");
  const more = missing.size > 5 ? ` (and ${missing.size - 5} more)` : "";
  throw new DataError(
    `${title}: ${missing.size} image(s) missing: ${shown}${more}. ${fix}; ` +
      `to re-score saved answers without images, use \`vlm-bench score\`.`,
    { file: missing.size === 1 ? [...missing.keys()][0] : undefined, sampleId: [...missing.values()][0] },
  );
}
