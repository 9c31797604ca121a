/**
 * GQA from the Hugging Face Hub (lmms-lab/GQA, moved to lmms-lab-encoder/GQA): config
 * `testdev_balanced_instructions` (split `testdev`: id, imageId, question, answer, isBalanced,
 * types {structural, …}, …) joined on imageId = id with config `testdev_balanced_images`
 * (id, image). Ids are GQA's question ids, in the order the official JSON object gives them.
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import type { ColumnSpec } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import type { GqaTarget } from "./loader.js";
import { gqaPrompt } from "./prompt.js";

export const GQA_INSTRUCTIONS = "testdev_balanced_instructions";
export const GQA_IMAGES = "testdev_balanced_images";

export const GQA_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "id", kind: "string" },
  { name: "imageId", kind: "string" },
  { name: "question", kind: "string" },
  { name: "answer", kind: "string" },
  { name: "isBalanced", kind: "boolean" },
  { name: "types", kind: "struct", fields: ["structural"] },
];
export const GQA_HUB_IMAGE_COLUMNS: readonly ColumnSpec[] = [
  { name: "id", kind: "string" },
  { name: "image", kind: "image" },
];

export const readGqaHub: HubReader<GqaTarget> = async (snapshot, options) => {
  const questionFiles = splitShards(snapshot, GQA_INSTRUCTIONS, "testdev");
  const imageFiles = splitShards(snapshot, GQA_IMAGES, "testdev");
  if (questionFiles.length === 0 || (imageFiles.length === 0 && !options.annotationsOnly)) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("GQA", snapshot.root, `${GQA_INSTRUCTIONS}/testdev-*.parquet and ${GQA_IMAGES}/testdev-*.parquet`, snapshot.files);
  }
  // An object keyed by question id orders its keys as the official loader's JSON object does.
  const byId: Record<string, Sample<GqaTarget>> = {};
  const all: Sample<GqaTarget>[] = [];
  await readHubRows(questionFiles, GQA_HUB_COLUMNS, { benchmark: "GQA", ...options, annotationsOnly: true }, (row, context) => {
    if (row.isBalanced !== true) return;
    const id = textCell(row, "id", context);
    const types = row.types as { structural?: unknown } | null;
    if (typeof types?.structural !== "string") {
      throw new DataError(
        `${context.file}: row ${context.row} (question ${id}): column "types" has no structural type. Download the dataset again.`,
        { file: context.file, sampleId: id },
      );
    }
    const question = textCell(row, "question", context);
    const imageId = textCell(row, "imageId", context);
    const sample: Sample<GqaTarget> = {
      id,
      benchmark: "gqa",
      images: [`${context.file}#image-${imageId}`],
      question,
      prompt: gqaPrompt(question),
      target: { answer: textCell(row, "answer", context), structural: types.structural },
      meta: { question_id: id, imageId, structural: types.structural },
    };
    all.push(sample);
    byId[id] = sample;
  });
  checkUniqueIds(all, questionFiles);
  const samples = Object.values(byId);
  if (!options.annotationsOnly) {
    const wanting = new Map<string, Sample<GqaTarget>[]>();
    for (const s of samples) wanting.set(s.meta.imageId as string, [...(wanting.get(s.meta.imageId as string) ?? []), s]);
    await readHubRows(imageFiles, GQA_HUB_IMAGE_COLUMNS, { benchmark: "GQA", ...options }, async (row, context) => {
      const imageId = textCell(row, "id", context);
      const users = wanting.get(imageId);
      if (users === undefined) return;
      const file = await context.image(users[0]!.id);
      for (const s of users) s.images = [file];
      wanting.delete(imageId);
    });
    const [lacking] = wanting.values();
    if (lacking !== undefined) {
      throw new DataError(
        `GQA: image ${lacking[0]!.meta.imageId} of question ${lacking[0]!.id} is not in ${imageFiles.join(", ")}; download both configs from the same revision.`,
        { file: imageFiles[0], sampleId: lacking[0]!.id },
      );
    }
  }
  return { samples, files: [...questionFiles, ...(options.annotationsOnly ? [] : imageFiles)], config: GQA_INSTRUCTIONS, split: "testdev" };
};
