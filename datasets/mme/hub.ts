/**
 * MME from the Hugging Face Hub (lmms-lab/MME, moved to lmms-lab-encoder/MME): split `test`,
 * 2,374 rows {question_id = `<task>/<image file>`, image, question, answer = Yes|No, category = task}.
 * Each image's two questions are numbered 1, 2 in row order, giving the official
 * `<task>/<image>#<n>` ids; samples come in the official order (tasks as MME lists them, images
 * by name).
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import type { ColumnSpec } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import type { MmeLabel } from "./loader.js";
import { mmeSample } from "./sample.js";
import { FOLDER_TASKS, MME_TASKS } from "./tasks.js";

export const MME_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "question_id", kind: "string" },
  { name: "question", kind: "string" },
  { name: "answer", kind: "string" },
  { name: "category", kind: "string" },
  { name: "image", kind: "image" },
];

export const readMmeHub: HubReader<MmeLabel> = async (snapshot, options) => {
  const files = splitShards(snapshot, "data", "test");
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("MME", snapshot.root, "data/test-*.parquet", snapshot.files);
  }
  const samples: Sample<MmeLabel>[] = [];
  const perImage = new Map<string, number>();
  await readHubRows(files, MME_HUB_COLUMNS, { benchmark: "MME", ...options }, async (row, context) => {
    const questionId = textCell(row, "question_id", context);
    const task = textCell(row, "category", context);
    const answer = textCell(row, "answer", context).trim().toLowerCase();
    const bad = (problem: string) =>
      new DataError(`${context.file}: row ${context.row}: ${problem}. Download the dataset again.`, { file: context.file });
    if (!MME_TASKS.includes(task)) throw bad(`column "category" is ${JSON.stringify(task)}, not an MME task`);
    const slash = questionId.indexOf("/");
    if (slash < 0 || questionId.slice(0, slash) !== task)
      throw bad(`column "question_id" is ${JSON.stringify(questionId)}, not "${task}/<image file>"`);
    if (answer !== "yes" && answer !== "no") throw bad(`column "answer" is ${JSON.stringify(row.answer)}, not Yes or No`);
    const imageName = questionId.slice(slash + 1);
    const n = (perImage.get(questionId) ?? 0) + 1;
    perImage.set(questionId, n);
    const id = `${questionId}#${n}`;
    const question = textCell(row, "question", context);
    samples.push(mmeSample(task, imageName, n, question, answer, await context.image(id), FOLDER_TASKS.has(task)));
  });
  checkUniqueIds(samples, files);
  const stem = (s: Sample) => (s.meta.image as string).replace(/\.[^.]+$/, "");
  const order = (s: Sample) => MME_TASKS.indexOf(s.meta.task as string);
  samples.sort((a, b) => order(a) - order(b) || (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0) || (a.id < b.id ? -1 : 1));
  return { samples, files, config: "default", split: "test" };
};
