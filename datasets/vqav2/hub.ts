/**
 * VQAv2 from the Hugging Face Hub (lmms-lab/VQAv2, moved to lmms-lab-encoder/VQAv2): split
 * `validation` (214,354 rows {question_id, image_id, question, answers: list of {answer,
 * answer_confidence, answer_id}, answer_type, question_type, multiple_choice_answer, image}),
 * scored locally; else split `testdev` (107,394 rows, no answers), for EvalAI. The `test` split
 * (447,793 questions, lmms-eval's "test" task) is not what LLaVA submits and is not read.
 * Validation accuracies are summed in row order (the official evaluator sums in annotation order).
 */

import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { type ColumnSpec, integerCell } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import type { Sample } from "../../src/types.js";
import type { VqaTarget } from "./loader.js";
import { vqav2Prompt } from "./prompt.js";

const COMMON: readonly ColumnSpec[] = [
  { name: "question_id", kind: "integer" },
  { name: "image_id", kind: "integer" },
  { name: "question", kind: "string" },
  { name: "image", kind: "image" },
];
export const VQAV2_HUB_COLUMNS: readonly ColumnSpec[] = [
  ...COMMON,
  { name: "answers", kind: "struct-list", fields: ["answer"] },
  { name: "answer_type", kind: "string" },
  { name: "question_type", kind: "string" },
  { name: "multiple_choice_answer", kind: "string" },
];

interface AnswerCell {
  answer: string;
  [field: string]: unknown;
}

export const readVqav2Hub: HubReader<VqaTarget | null> = async (snapshot, options) => {
  const validation = splitShards(snapshot, "data", "validation");
  const files = validation.length > 0 ? validation : splitShards(snapshot, "data", "testdev");
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit(
      "VQAv2",
      snapshot.root,
      "data/validation-*.parquet or data/testdev-*.parquet (lmms-eval's test split is not LLaVA's test-dev)",
      snapshot.files,
    );
  }
  const scored = validation.length > 0;
  const split = scored ? "val" : "test-dev";
  const samples: Sample<VqaTarget | null>[] = [];
  await readHubRows(files, scored ? VQAV2_HUB_COLUMNS : COMMON, { benchmark: "VQAv2", ...options }, async (row, context) => {
    const questionId = integerCell(row.question_id);
    const imageId = integerCell(row.image_id);
    const bad = (problem: string) =>
      new DataError(`${context.file}: row ${context.row}: ${problem}. Download the dataset again.`, { file: context.file });
    if (questionId === null || imageId === null) throw bad(`columns "question_id" and "image_id" must be integers`);
    const id = String(questionId);
    let target: VqaTarget | null = null;
    if (scored) {
      const answers = row.answers as AnswerCell[] | null;
      if (!Array.isArray(answers) || answers.length !== 10 || answers.some((a) => typeof a?.answer !== "string")) {
        throw new DataError(
          `${context.file}: question ${id}: column "answers" must hold ten {answer, …} structs. Download the dataset again.`,
          { file: context.file, sampleId: id },
        );
      }
      const plain = answers.map(
        (a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])) as AnswerCell,
      );
      const ids = new Set(plain.map((a) => a.answer_id));
      const distinct = !ids.has(undefined) && !ids.has(null) && ids.size === plain.length;
      target = {
        answers: plain.map((a) => a.answer),
        ...(distinct ? {} : { answerKeys: plain.map(restOfAnswer) }),
        answer_type: textCell(row, "answer_type", context),
        question_type: textCell(row, "question_type", context),
        multiple_choice_answer: textCell(row, "multiple_choice_answer", context),
      };
    }
    const question = textCell(row, "question", context);
    samples.push({
      id,
      benchmark: "vqav2",
      images: [await context.image(id)],
      question,
      prompt: vqav2Prompt(question),
      target,
      meta: { split, question_id: questionId, image_id: imageId, ...(target ? { answer_type: target.answer_type } : {}) },
    });
  });
  checkUniqueIds(samples, files);
  return { samples, files, config: "default", split: scored ? "validation" : "testdev" };
};

/** As the official loader: the rest of an answer object, when answer ids do not tell the ten apart. */
function restOfAnswer(answer: AnswerCell): string {
  const { answer: _text, ...rest } = answer;
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
}
