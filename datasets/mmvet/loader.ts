import path from "node:path";
import { DataError } from "../../src/errors.js";
import { checkImagesListed } from "../../src/image-listing.js";
import { checkImageName } from "../../src/image-name.js";
import { readJsonFile } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { mmvetPrompt } from "./prompt.js";

export const MMVET_JSON = "mm-vet.json";
export const IMAGE_DIR = "images";

export const MMVET_FILES: readonly RequiredFile[] = [
  {
    name: MMVET_JSON,
    kind: "file",
    description: 'MM-Vet questions: {"v1_0": {imagename, capability[], question, answer}, …} (mm-vet.zip, github.com/yuweihao/MM-Vet)',
  },
  { name: IMAGE_DIR, kind: "dir", description: "MM-Vet images (images/ in mm-vet.zip)", imagesOnly: true },
];

/** One entry of mm-vet.json, after validation. `answer` may join alternatives with <AND> / <OR>. */
export interface MmvetEntry {
  imagename: string;
  capability: string[];
  question: string;
  answer: string;
}

/** What a sample's target holds: the ground truth and, for the grader row, the question. */
export type MmvetTarget = string;

/** The ids a saved answer may carry for MM-Vet question `id`: the key itself, then LLaVA's number. */
export const llavaMmvetIds = (id: string): string[] => (/^v1_\d+$/.test(id) ? [id, id.slice(3)] : [id]);

export async function loadMmvet(dir: string, options: LoadOptions = {}): Promise<Sample<MmvetTarget>[]> {
  const { found } = await locate(dir, MMVET_FILES);
  const { missing } = neededFiles(MMVET_FILES, found, options);
  if (missing.length > 0) {
    throw missingFilesError(
      "MM-Vet",
      dir,
      missing.map((f) => f.name),
      "download mm-vet.zip (https://github.com/yuweihao/MM-Vet/releases) and unzip it there, so that mm-vet.json and images/ sit in that folder",
    );
  }
  const file = path.resolve(found.get(MMVET_JSON)!);
  const imageDir = path.resolve(found.get(IMAGE_DIR) ?? path.join(path.dirname(file), IMAGE_DIR));
  const data = await readJsonFile<unknown>(file);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DataError(
      `${file}: expected an object keyed by question id ("v1_0", …); got ${Array.isArray(data) ? "an array" : typeof data}.`,
      { file },
    );
  }
  const samples = Object.entries(data as Record<string, unknown>).map(([id, value]): Sample<MmvetTarget> => {
    const entry = checkEntry(file, id, value);
    return {
      id,
      benchmark: "mmvet",
      images: [path.join(imageDir, entry.imagename)],
      question: entry.question,
      prompt: mmvetPrompt(entry.question),
      target: entry.answer,
      // LLaVA's llava-mm-vet.jsonl numbers v1_<i> as question_id i; MM-Vet's results JSON uses the key itself.
      meta: { capabilities: entry.capability, image: entry.imagename, llava_ids: llavaMmvetIds(id) },
    };
  });
  if (!options.annotationsOnly) await checkImagesListed("MM-Vet", samples, `Restore images/ from mm-vet.zip in ${imageDir}`);
  return samples;
}

function checkEntry(file: string, id: string, value: unknown): MmvetEntry {
  const bad = (problem: string) =>
    new DataError(
      `${file}, question ${id}: ${problem}. MM-Vet entries look like "v1_0": {"imagename": "v1_0.png", ` +
        `"capability": ["ocr", "math"], "question": "…", "answer": "-1<AND>-5"}; restore the official file or fix that entry.`,
      { file, sampleId: id },
    );
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad("the entry is not an object");
  const v = value as Record<string, unknown>;
  if (typeof v.imagename !== "string" || v.imagename.trim() === "")
    throw bad(`it names no image (field "imagename" is ${JSON.stringify(v.imagename)})`);
  checkImageName(file, `question ${id}`, v.imagename, { sampleId: id });
  for (const field of ["question", "answer"] as const) {
    if (typeof v[field] !== "string") throw bad(`field "${field}" must be a string (got ${JSON.stringify(v[field])})`);
  }
  const caps = v.capability;
  if (!Array.isArray(caps) || caps.length === 0 || !caps.every((c) => typeof c === "string" && c !== "")) {
    throw bad(`field "capability" must be a non-empty list of names like "rec", "ocr" (got ${JSON.stringify(caps)})`);
  }
  return { imagename: v.imagename, capability: [...new Set(caps as string[])], question: v.question as string, answer: v.answer as string };
}
