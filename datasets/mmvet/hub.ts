/**
 * MM-Vet from the Hugging Face Hub (lmms-lab/MMVet, moved to lmms-lab-encoder/MMVet): split
 * `test`, 218 rows {question_id = v1_N, image, question, answer, image_source, capability}.
 * `capability` is one comma-separated string; image_source is a source label, not a file name.
 * Samples come in v1_N order, as in mm-vet.json.
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import type { ColumnSpec } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import { llavaMmvetIds, type MmvetTarget } from "./loader.js";
import { mmvetPrompt } from "./prompt.js";

export const MMVET_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "question_id", kind: "string" },
  { name: "question", kind: "string" },
  { name: "answer", kind: "string" },
  { name: "capability", kind: "string" },
  { name: "image", kind: "image" },
];

export const readMmvetHub: HubReader<MmvetTarget> = async (snapshot, options) => {
  const files = splitShards(snapshot, "data", "test");
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("MM-Vet", snapshot.root, "data/test-*.parquet", snapshot.files);
  }
  const samples: Sample<MmvetTarget>[] = [];
  await readHubRows(files, MMVET_HUB_COLUMNS, { benchmark: "MM-Vet", ...options }, async (row, context) => {
    const id = textCell(row, "question_id", context);
    if (!/^v1_\d+$/.test(id)) {
      throw new DataError(
        `${context.file}: row ${context.row}: column "question_id" is ${JSON.stringify(id)}, not v1_N. Download the dataset again.`,
        { file: context.file },
      );
    }
    const capabilities = [
      ...new Set(
        textCell(row, "capability", context)
          .split(",")
          .map((c) => c.trim())
          .filter((c) => c !== ""),
      ),
    ];
    if (capabilities.length === 0) {
      throw new DataError(`${context.file}: sample ${id}: column "capability" is empty. Download the dataset again.`, {
        file: context.file,
        sampleId: id,
      });
    }
    const question = textCell(row, "question", context);
    samples.push({
      id,
      benchmark: "mmvet",
      images: [await context.image(id)],
      question,
      prompt: mmvetPrompt(question),
      target: textCell(row, "answer", context),
      // No meta.image: the hub row has no file name (image_source is a source label).
      meta: { capabilities, llava_ids: llavaMmvetIds(id) },
    });
  });
  checkUniqueIds(samples, files);
  const n = (s: Sample) => Number(s.id.slice(3));
  samples.sort((a, b) => n(a) - n(b));
  return { samples, files, config: "default", split: "test" };
};
