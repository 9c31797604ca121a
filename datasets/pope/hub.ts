/**
 * POPE from the Hugging Face Hub (lmms-lab/POPE, moved to lmms-lab-encoder/POPE): config
 * `default`, split `test`, 9,000 rows {id, question_id, question, answer, image_source, image,
 * category}. question_id restarts per category (= split), so the sample id is
 * `<category>/<question_id>` as in the official layout. The `Full` config repeats the same rows
 * (one split per category) and is read only when `default` is absent.
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import type { ColumnSpec } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import { llavaPopeIds, POPE_SPLITS, type PopeLabel, type PopeSplit } from "./loader.js";
import { popePrompt } from "./prompt.js";

export const POPE_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "question_id", kind: "string" },
  { name: "question", kind: "string" },
  { name: "answer", kind: "string" },
  { name: "image_source", kind: "string" },
  { name: "category", kind: "string" },
  { name: "image", kind: "image" },
];

export const readPopeHub: HubReader<PopeLabel> = async (snapshot, options) => {
  let config = "default";
  let files = splitShards(snapshot, "data", "test");
  if (files.length === 0) {
    config = "Full";
    files = POPE_SPLITS.flatMap((split) => splitShards(snapshot, "Full", split));
  }
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("POPE", snapshot.root, "data/test-*.parquet (config default)", snapshot.files);
  }
  const bySplit = new Map<PopeSplit, Sample<PopeLabel>[]>(POPE_SPLITS.map((s) => [s, []]));
  await readHubRows(files, POPE_HUB_COLUMNS, { benchmark: "POPE", ...options }, async (row, context) => {
    const category = textCell(row, "category", context);
    const rawId = textCell(row, "question_id", context);
    const questionId = Number(rawId);
    const answer = textCell(row, "answer", context).trim().toLowerCase();
    const bad = (problem: string) =>
      new DataError(`${context.file}: row ${context.row}: ${problem}. Download the dataset again.`, { file: context.file });
    if (!(POPE_SPLITS as readonly string[]).includes(category))
      throw bad(`column "category" is ${JSON.stringify(category)}, not one of ${POPE_SPLITS.join(", ")}`);
    if (!/^\d+$/.test(rawId.trim())) throw bad(`column "question_id" is ${JSON.stringify(rawId)}, not a number`);
    if (answer !== "yes" && answer !== "no") throw bad(`column "answer" is ${JSON.stringify(row.answer)}, not yes or no`);
    const split = category as PopeSplit;
    const id = `${split}/${questionId}`;
    const question = textCell(row, "question", context);
    const image = `${textCell(row, "image_source", context)}.jpg`;
    bySplit.get(split)!.push({
      id,
      benchmark: "pope",
      images: [await context.image(id)],
      question,
      prompt: popePrompt(question),
      target: answer,
      meta: { split, question_id: questionId, image, llava_ids: llavaPopeIds(split, questionId) },
    });
  });
  // The official order: random, popular, adversarial (each in row order).
  const samples = POPE_SPLITS.flatMap((split) => bySplit.get(split)!);
  checkUniqueIds(samples, files);
  return { samples, files, config, split: config === "default" ? "test" : POPE_SPLITS.join(",") };
};
