/**
 * MMVP from the Hugging Face Hub: lmms-lab-eval/MMVP, split `train`, 300 rows {Index, Question,
 * Options, Correct Answer, image}. (MMVP/MMVP holds the images only.) Ids are Index, as the
 * official Questions.csv row numbers are. lmms-lab-eval's copy corrects the answers of items
 * 99/100 and 279/280, so its scores differ from the official file's on those pairs.
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { type ColumnSpec, integerCell } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import { answerLetter, splitOptions } from "./options.js";
import { mmvpPrompt } from "./prompt.js";

export const MMVP_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "Index", kind: "integer" },
  { name: "Question", kind: "string" },
  { name: "Options", kind: "string" },
  { name: "Correct Answer", kind: "string" },
  { name: "image", kind: "image" },
];

export const readMmvpHub: HubReader<string> = async (snapshot, options) => {
  const files = splitShards(snapshot, "data", "train");
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("MMVP", snapshot.root, "data/train-*.parquet (lmms-lab-eval/MMVP)", snapshot.files);
  }
  const samples: Sample<string>[] = [];
  await readHubRows(files, MMVP_HUB_COLUMNS, { benchmark: "MMVP", ...options }, async (row, context) => {
    const index = integerCell(row.Index);
    const bad = (problem: string) =>
      new DataError(`${context.file}: row ${context.row}: ${problem}. Download the dataset again.`, {
        file: context.file,
        ...(index === null ? {} : { sampleId: String(index) }),
      });
    if (index === null || index < 1) throw bad(`column "Index" is ${String(row.Index)}, not a positive integer`);
    const id = String(index);
    const question = textCell(row, "Question", context);
    const optionText = textCell(row, "Options", context);
    const answer = textCell(row, "Correct Answer", context);
    const choices = splitOptions(optionText);
    if (choices === null) throw bad(`Options ${JSON.stringify(optionText)} is not a list like "(a) Open (b) Closed"`);
    const target = answerLetter(answer);
    if (target === null || target.charCodeAt(0) - 97 >= choices.length)
      throw bad(`Correct Answer ${JSON.stringify(answer)} is not one of the options' letters`);
    if (question.trim() === "") throw bad("the Question is empty");
    samples.push({
      id,
      benchmark: "mmvp",
      images: [await context.image(id)],
      question,
      prompt: mmvpPrompt(question, optionText),
      choices,
      target,
      meta: { pair: Math.ceil(index / 2), index: id, options: optionText, answer },
    });
  });
  checkUniqueIds(samples, files);
  samples.sort((a, b) => Number(a.id) - Number(b.id));
  const last = samples.length === 0 ? 0 : Number(samples[samples.length - 1]!.id);
  if (last !== samples.length || samples.length % 2 !== 0) {
    throw new DataError(
      `${files.join(", ")}: Index runs to ${last} over ${samples.length} rows; MMVP pairs rows 1–2, 3–4, … so every Index from 1 to an even count must be there.`,
      {
        file: files[0],
      },
    );
  }
  return { samples, files, config: "default", split: "train" };
};
