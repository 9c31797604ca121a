/**
 * `--pope-set llava`: exactly the questions of LLaVA's llava_pope_test.jsonl (8,910: its
 * random split is an older one of 2,910), found in the POPE folder. Each of its questions is
 * matched by (split, image, question text) to a loaded sample, so it works over the official
 * files, a hub snapshot, or any layout that names the image; a question the data does not hold
 * is an error (another POPE release), never silently dropped.
 */
import path from "node:path";
import type { Subset } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { readJsonLineRecords } from "../../src/json-files.js";
import { locate } from "../../src/locate.js";
import type { Sample } from "../../src/types.js";
import { LLAVA_POPE_ID_OFFSET, POPE_SPLITS, type PopeLabel, type PopeSplit } from "./loader.js";

export const LLAVA_POPE_FILE = "llava_pope_test.jsonl";

const key = (split: string, image: string, text: string) => JSON.stringify([split, image, text.trim()]);

export const llavaPopeSet: Subset<PopeLabel> = async (samples, dir) => {
  const { found } = await locate(dir, [{ name: LLAVA_POPE_FILE, kind: "file", description: "" }]);
  const file = found.get(LLAVA_POPE_FILE);
  if (file === undefined) {
    throw new DataError(
      `--pope-set llava needs LLaVA's ${LLAVA_POPE_FILE} (playground/data/eval/pope/ of LLaVA's eval data) in ${dir}; it was not found there.`,
      { file: dir },
    );
  }
  const byKey = new Map<string, Sample<PopeLabel>>();
  for (const s of samples) {
    if (typeof s.meta.image !== "string") {
      throw new DataError(
        `--pope-set llava matches questions by image file, and this layout names none (${s.id}); use the official files or a hub snapshot.`,
        { file: dir },
      );
    }
    byKey.set(key(s.meta.split as string, s.meta.image, s.question), s);
  }
  const keep = new Set<string>();
  const missing: string[] = [];
  for (const { line, value } of await readJsonLineRecords<{ question_id?: unknown; image?: unknown; text?: unknown; category?: unknown }>(
    path.resolve(file),
  )) {
    const split = value.category;
    if (!(POPE_SPLITS as readonly unknown[]).includes(split) || typeof value.image !== "string" || typeof value.text !== "string") {
      throw new DataError(`${file}, line ${line}: expected {"question_id", "image", "text", "category": random|popular|adversarial}.`, {
        file,
        line,
      });
    }
    const sample = byKey.get(key(split as PopeSplit, value.image, value.text));
    if (sample === undefined)
      missing.push(`${split} question ${Number(value.question_id) - LLAVA_POPE_ID_OFFSET[split as PopeSplit]} (line ${line})`);
    else keep.add(sample.id);
  }
  if (missing.length > 0) {
    throw new DataError(
      `${file}: ${missing.length} of LLaVA's questions are not in this POPE data (first: ${missing[0]}). LLaVA-1.5 used an older random split ` +
        `(2,910 questions): score it with LLaVA's own coco_pope_*.json files.`,
      { file },
    );
  }
  return samples.filter((s) => keep.has(s.id));
};
