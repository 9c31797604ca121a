import path from "node:path";
import { checkImagesListed } from "../../src/image-listing.js";
import { checkImageName } from "../../src/image-name.js";
import { readJsonFile } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import { validateJson } from "../../src/schema.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { gqaPrompt } from "./prompt.js";
import { GQA_QUESTIONS_SCHEMA } from "./schema.js";

export const GQA_QUESTIONS = "testdev_balanced_questions.json";

export const GQA_FILES: readonly RequiredFile[] = [
  {
    name: GQA_QUESTIONS,
    kind: "file",
    description: "GQA test-dev balanced questions (cs.stanford.edu/people/dorarad/gqa: questions1.2.zip)",
  },
  {
    name: "images",
    kind: "dir",
    imagesOnly: true,
    description: "GQA images, <imageId>.jpg (cs.stanford.edu/people/dorarad/gqa: images.zip)",
  },
];

export interface GqaTarget {
  answer: string;
  /**
   * `types.structural`: verify, query, choose, logical or compare; null when the data does not
   * say (a VLMEvalKit TSV without testdev_balanced_questions.json): accuracy only, no binary/open.
   */
  structural: string | null;
}

interface GqaQuestion {
  question: string;
  imageId: string;
  answer: string;
  isBalanced: boolean;
  types: { structural: string };
}

/** The balanced test-dev questions (only those are scored), in file order; id = GQA question id. */
export async function loadGqa(dir: string, options: LoadOptions = {}): Promise<Sample<GqaTarget>[]> {
  const { found } = await locate(dir, GQA_FILES);
  const { missing } = neededFiles(GQA_FILES, found, options);
  if (missing.length > 0) {
    throw missingFilesError(
      "GQA",
      dir,
      missing.map((f) => f.name),
      "download questions1.2.zip (for testdev_balanced_questions.json) and images.zip from https://cs.stanford.edu/people/dorarad/gqa/download.html and unpack them there",
    );
  }
  const file = path.resolve(found.get(GQA_QUESTIONS)!);
  const imageDir = path.resolve(found.get("images") ?? path.join(path.dirname(file), "images"));
  const value = await readJsonFile(file);
  validateJson(
    file,
    value,
    GQA_QUESTIONS_SCHEMA,
    `GQA questions look like {"<questionId>": {"question": "…", "imageId": "n1234", "answer": "…", "isBalanced": true, "types": {"structural": "query"}}}; restore the official file.`,
  );
  const samples: Sample<GqaTarget>[] = [];
  for (const [id, q] of Object.entries(value as Record<string, GqaQuestion>)) {
    if (!q.isBalanced) continue;
    checkImageName(file, `/${id}/imageId`, q.imageId, { sampleId: id });
    samples.push({
      id,
      benchmark: "gqa",
      images: [path.join(imageDir, `${q.imageId}.jpg`)],
      question: q.question,
      prompt: gqaPrompt(q.question),
      target: { answer: q.answer, structural: q.types.structural },
      meta: { question_id: id, imageId: q.imageId, structural: q.types.structural },
    });
  }
  if (!options.annotationsOnly) {
    await checkImagesListed(
      "GQA",
      samples,
      `Unpack the GQA images (images.zip from https://cs.stanford.edu/people/dorarad/gqa/download.html) into ${imageDir}`,
    );
  }
  return samples;
}
