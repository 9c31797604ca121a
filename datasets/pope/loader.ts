import path from "node:path";
import { DataError } from "../../src/errors.js";
import { checkImagesListed } from "../../src/image-listing.js";
import { checkImageName } from "../../src/image-name.js";
import { readJsonLineRecords } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { popePrompt } from "./prompt.js";

/** In the order POPE reports them and the loader returns them. */
export const POPE_SPLITS = ["random", "popular", "adversarial"] as const;
export type PopeSplit = (typeof POPE_SPLITS)[number];
export type PopeLabel = "yes" | "no";

export const splitFile = (split: PopeSplit): string => `coco_pope_${split}.json`;

/**
 * LLaVA's merged question file (llava_pope_test.jsonl) numbers POPE question k of a split as
 * offset + k, so that eval_pope.py can map each question_id to its split (category).
 */
export const LLAVA_POPE_ID_OFFSET: Readonly<Record<PopeSplit, number>> = { adversarial: 0, random: 10_000_000, popular: 20_000_000 };

/** The ids a LLaVA answer file may give a sample: the merged file's first, then the split file's own. */
export const llavaPopeIds = (split: PopeSplit, questionId: number): number[] =>
  LLAVA_POPE_ID_OFFSET[split] === 0 ? [questionId] : [LLAVA_POPE_ID_OFFSET[split] + questionId, questionId];
export const IMAGE_DIR = "val2014";

export const POPE_FILES: readonly RequiredFile[] = [
  ...POPE_SPLITS.map((split) => ({
    name: splitFile(split),
    kind: "file" as const,
    description: `POPE ${split} split: JSON lines {question_id, image, text, label} (official POPE release, output/coco/)`,
  })),
  { name: IMAGE_DIR, kind: "dir", description: "COCO val2014 images (images.cocodataset.org/zips/val2014.zip)", imagesOnly: true },
];

/** One row of a coco_pope_<split>.json file, after validation. */
export interface PopeRow {
  question_id: number;
  image: string;
  text: string;
  label: PopeLabel;
}

export async function loadPope(dir: string, options: LoadOptions = {}): Promise<Sample<PopeLabel>[]> {
  const { found } = await locate(dir, POPE_FILES);
  const { missing } = neededFiles(POPE_FILES, found, options);
  if (missing.length > 0) throw missingFiles(dir, missing);
  const foundImages = found.get(IMAGE_DIR);
  const imageDir = foundImages === undefined ? undefined : path.resolve(foundImages);
  const samples: Sample<PopeLabel>[] = [];
  for (const split of POPE_SPLITS) {
    const file = path.resolve(found.get(splitFile(split))!);
    for (const row of await readSplit(file)) {
      samples.push({
        id: `${split}/${row.question_id}`,
        benchmark: "pope",
        // Without an image folder (re-scoring) the path is only a label; it is never read.
        images: [path.join(imageDir ?? path.join(path.dirname(file), IMAGE_DIR), row.image)],
        question: row.text,
        prompt: popePrompt(row.text),
        target: row.label,
        meta: { split, question_id: row.question_id, image: row.image, llava_ids: llavaPopeIds(split, row.question_id) },
      });
    }
  }
  if (!options.annotationsOnly) {
    await checkImagesListed(
      "POPE",
      samples,
      `Unpack the full COCO val2014 images (http://images.cocodataset.org/zips/val2014.zip) into ${imageDir}`,
    );
  }
  return samples;
}

/** Says how to get exactly what is missing: the annotation files, the images, or both. */
function missingFiles(dir: string, missing: readonly RequiredFile[]): DataError {
  const fixes: string[] = [];
  if (missing.some((f) => !f.imagesOnly)) {
    fixes.push(
      "download POPE's annotation files (coco_pope_random.json, coco_pope_popular.json, coco_pope_adversarial.json, " +
        "in output/coco/ of the official POPE release, https://github.com/AoiDragon/POPE) into that folder",
    );
  }
  if (missing.some((f) => f.imagesOnly)) {
    fixes.push("unpack the COCO val2014 images (http://images.cocodataset.org/zips/val2014.zip) so a val2014/ folder sits there");
  }
  return missingFilesError(
    "POPE",
    dir,
    missing.map((f) => f.name),
    fixes.join("; and "),
  );
}

async function readSplit(file: string): Promise<PopeRow[]> {
  const seen = new Map<number, number>(); // question_id → line
  const out: PopeRow[] = [];
  for (const { line, value } of await readJsonLineRecords<unknown>(file)) {
    const problem = rowProblem(value);
    if (problem !== null) throw badRow(file, line, problem);
    const row = value as PopeRow;
    checkImageName(file, `line ${line}`, row.image, { line, sampleId: String(row.question_id) });
    const first = seen.get(row.question_id);
    if (first !== undefined) throw badRow(file, line, `question_id ${row.question_id} repeats the one on line ${first}`);
    seen.set(row.question_id, line);
    out.push(row);
  }
  if (out.length === 0) {
    // A split without questions would make POPE's accuracy and F1 the mean of the other two.
    throw new DataError(
      `${file}: holds no questions (the file is empty); every POPE split has questions. Restore the official file (output/coco/ of https://github.com/AoiDragon/POPE).`,
      { file },
    );
  }
  return out;
}

function rowProblem(row: unknown): string | null {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return "the line is not a JSON object";
  const r = row as Record<string, unknown>;
  if (typeof r.question_id !== "number" || !Number.isInteger(r.question_id)) {
    return `field "question_id" must be an integer (got ${JSON.stringify(r.question_id)})`;
  }
  for (const field of ["image", "text"] as const) {
    if (typeof r[field] !== "string" || r[field] === "") {
      return `field "${field}" must be a non-empty string (got ${JSON.stringify(r[field])})`;
    }
  }
  if (r.label !== "yes" && r.label !== "no") return `field "label" must be "yes" or "no" (got ${JSON.stringify(r.label)})`;
  return null;
}

function badRow(file: string, line: number, problem: string): DataError {
  return new DataError(
    `${file}, line ${line}: ${problem}. POPE rows look like {"question_id": 1, "image": "COCO_val2014_….jpg", ` +
      `"text": "Is there a … in the image?", "label": "yes"}; restore the official file or fix that line.`,
    { file, line },
  );
}
