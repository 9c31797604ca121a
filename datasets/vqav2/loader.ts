import path from "node:path";
import { DataError } from "../../src/errors.js";
import { checkImagesListed } from "../../src/image-listing.js";
import { forEachJsonArrayElement, parseJsonText, readJsonFile, readText } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import { validateJson } from "../../src/schema.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { vqav2Prompt } from "./prompt.js";
import { ANNOTATION_SCHEMA, ANNOTATIONS_SCHEMA, QUESTIONS_SCHEMA } from "./schema.js";

export const VAL_QUESTIONS = "v2_OpenEnded_mscoco_val2014_questions.json";
export const VAL_ANNOTATIONS = "v2_mscoco_val2014_annotations.json";
export const TESTDEV_QUESTIONS = "v2_OpenEnded_mscoco_test-dev2015_questions.json";
export const TEST_QUESTIONS = "v2_OpenEnded_mscoco_test2015_questions.json";

export const VQAV2_FILES: readonly RequiredFile[] = [
  { name: VAL_QUESTIONS, kind: "file", group: "val", description: "VQAv2 val questions (visualqa.org: Questions_Val_mscoco.zip)" },
  {
    name: VAL_ANNOTATIONS,
    kind: "file",
    group: "val",
    description: "VQAv2 val annotations, ten answers each (visualqa.org: Annotations_Val_mscoco.zip)",
  },
  {
    name: "val2014",
    kind: "dir",
    group: "val",
    imagesOnly: true,
    description: "COCO val2014 images (images.cocodataset.org/zips/val2014.zip)",
  },
  {
    name: TESTDEV_QUESTIONS,
    kind: "file",
    group: "test-dev",
    description: "VQAv2 test-dev questions, scored by EvalAI (visualqa.org: Questions_Test_mscoco.zip)",
  },
  {
    name: "test2015",
    kind: "dir",
    group: "test-dev",
    imagesOnly: true,
    description: "COCO test2015 images (images.cocodataset.org/zips/test2015.zip)",
  },
  {
    name: TEST_QUESTIONS,
    kind: "file",
    group: "test-dev",
    optional: true,
    description:
      "VQAv2 test2015 questions: with it the EvalAI file lists every test2015 id, as LLaVA's does (visualqa.org: Questions_Test_mscoco.zip)",
  },
];

/** The ground truth of one val question; test-dev questions have none (`null`). */
export interface VqaTarget {
  /** The ten human answers, as in the file. */
  answers: string[];
  /**
   * Only when two answer objects of the question are equal apart from `answer`: the rest of
   * each object, because the official evaluator tells the ten apart by whole-object equality.
   */
  answerKeys?: string[];
  answer_type: string;
  question_type: string;
  multiple_choice_answer?: string;
}

interface QuestionRow {
  image_id: number;
  question: string;
  question_id: number;
}
interface AnswerRow {
  answer: string;
  [field: string]: unknown;
}
interface AnnotationRow {
  question_id: number;
  answer_type: string;
  question_type: string;
  multiple_choice_answer?: string;
  answers: AnswerRow[];
}

const FIX = "restore the official file from https://visualqa.org/download.html";

export async function loadVqav2(dir: string, options: LoadOptions = {}): Promise<Sample<VqaTarget | null>[]> {
  const { found } = await locate(dir, VQAV2_FILES);
  const { chosen, missing } = neededFiles(VQAV2_FILES, found, options);
  if (missing.length > 0) {
    throw missingFilesError(
      "VQAv2",
      dir,
      missing.map((f) => f.name),
      `put ${VAL_QUESTIONS} and ${VAL_ANNOTATIONS} (val, scored locally) or ${TESTDEV_QUESTIONS} (test-dev, for EvalAI) ` +
        `from https://visualqa.org/download.html there, with the COCO images folder (val2014/ or test2015/) to run a model`,
    );
  }
  const split = chosen === "val" ? "val" : "test-dev";
  const questionsFile = path.resolve(found.get(split === "val" ? VAL_QUESTIONS : TESTDEV_QUESTIONS)!);
  const imageFolder = split === "val" ? "val2014" : "test2015";
  const imageDir = path.resolve(found.get(imageFolder) ?? path.join(path.dirname(questionsFile), imageFolder));
  const targets = split === "val" ? await readAnnotations(path.resolve(found.get(VAL_ANNOTATIONS)!)) : null;
  const questions = inAnnotationOrder(await readQuestions(questionsFile), targets, questionsFile);
  // test-dev: LLaVA's submission lists every test2015 id ("" where not answered); see submission.ts.
  // One shared (not copied) array of every test2015 id, read and checked once, for submission.ts.
  const fullTest =
    split === "test-dev" && found.has(TEST_QUESTIONS)
      ? { submission_ids: await testQuestionIds(questions, path.resolve(found.get(TEST_QUESTIONS)!)) }
      : {};

  const samples = questions.map((q): Sample<VqaTarget | null> => {
    const target = targets === null ? null : targets.get(q.question_id);
    if (target === undefined) {
      throw new DataError(
        `${questionsFile}: question_id ${q.question_id} has no entry in ${VAL_ANNOTATIONS}; use the val questions and annotations of the same release.`,
        {
          file: questionsFile,
          sampleId: String(q.question_id),
        },
      );
    }
    return {
      id: String(q.question_id),
      benchmark: "vqav2",
      images: [path.join(imageDir, `COCO_${imageFolder}_${String(q.image_id).padStart(12, "0")}.jpg`)],
      question: q.question,
      prompt: vqav2Prompt(q.question),
      target,
      meta: {
        split,
        question_id: q.question_id,
        image_id: q.image_id,
        ...(target ? { answer_type: target.answer_type } : {}),
        ...fullTest,
      },
    };
  });
  if (!options.annotationsOnly) {
    await checkImagesListed(
      "VQAv2",
      samples,
      `Unpack the COCO ${imageFolder} images (http://images.cocodataset.org/zips/${imageFolder}.zip) into ${imageDir}`,
    );
  }
  return samples;
}

/**
 * Val questions in the annotation file's order: the official evaluator sums accuracies in that
 * order, and float sums depend on it. An annotation without its question is an error here; a
 * question without an annotation is reported where samples are built.
 */
function inAnnotationOrder(questions: QuestionRow[], targets: Map<number, VqaTarget> | null, questionsFile: string): QuestionRow[] {
  if (targets === null) return questions;
  const byId = new Map(questions.map((q) => [q.question_id, q]));
  const ordered: QuestionRow[] = [];
  for (const id of targets.keys()) {
    const question = byId.get(id);
    if (question === undefined) {
      throw new DataError(
        `${VAL_ANNOTATIONS}: question_id ${id} has no question in ${questionsFile}; use the val questions and annotations of the same release.`,
        {
          file: questionsFile,
          sampleId: String(id),
        },
      );
    }
    ordered.push(question);
    byId.delete(id);
  }
  // Questions without an annotation follow, so the sample loop names the first of them.
  return [...ordered, ...byId.values()];
}

/**
 * Every test2015 question id in file order, after checking test-dev ⊂ test2015 — before any model
 * call, so the submission file can list them all.
 */
async function testQuestionIds(testdev: readonly QuestionRow[], testFile: string): Promise<readonly number[]> {
  const ids = Object.freeze((await readQuestions(testFile)).map((q) => q.question_id));
  const listed = new Set(ids);
  const stray = testdev.find((q) => !listed.has(q.question_id));
  if (stray !== undefined) {
    throw new DataError(
      `${testFile}: test-dev question_id ${stray.question_id} is not in it; use the test2015 and test-dev question files of the same release.`,
      {
        file: testFile,
        sampleId: String(stray.question_id),
      },
    );
  }
  return ids;
}

async function readQuestions(file: string): Promise<QuestionRow[]> {
  const value = await readJsonFile(file);
  validateJson(
    file,
    value,
    QUESTIONS_SCHEMA,
    `VQAv2 questions look like {"questions": [{"image_id": 1, "question": "…", "question_id": 10}]}; ${FIX}.`,
  );
  const rows = (value as { questions: QuestionRow[] }).questions;
  const seen = new Set<number>();
  rows.forEach((row, i) => {
    if (seen.has(row.question_id))
      throw new DataError(`${file}: /questions/${i}: question_id ${row.question_id} appears twice; ${FIX}.`, { file });
    seen.add(row.question_id);
  });
  return rows;
}

/**
 * Reads the annotations one element at a time (see src/json-array.ts: on VQAv2 val this is the
 * difference between ~4 and ~5 s for `score`), with the whole-file parse as the fallback that
 * reports a malformed file exactly.
 */
async function readAnnotations(file: string): Promise<Map<number, VqaTarget>> {
  const text = await readText(file);
  const hint = `Each VQAv2 annotation has question_id, answer_type, question_type and exactly ten answers [{"answer": "…"}]; ${FIX}.`;
  const targets = new Map<number, VqaTarget>();
  const scanned = forEachJsonArrayElement(file, text, "annotations", (json, index) => {
    const row = parseJsonText(file, json, { keysChecked: true });
    validateJson(file, row, ANNOTATION_SCHEMA, hint, `/annotations/${index}`);
    addTarget(file, targets, row as AnnotationRow, index);
  });
  if (!scanned) {
    // Not `{…, "annotations": […]}` as scanned: the whole-file parse and schema say what is wrong.
    const value = parseJsonText(file, text);
    validateJson(file, value, ANNOTATIONS_SCHEMA, hint);
    targets.clear();
    for (const [index, row] of (value as { annotations: AnnotationRow[] }).annotations.entries()) addTarget(file, targets, row, index);
  }
  return targets;
}

function addTarget(file: string, targets: Map<number, VqaTarget>, row: AnnotationRow, index: number): void {
  if (targets.has(row.question_id)) {
    // Which of two annotations is the truth is not ours to pick (a Map would keep the later one).
    throw new DataError(`${file}: /annotations/${index}: question_id ${row.question_id} is annotated a second time; ${FIX}.`, {
      file,
      sampleId: String(row.question_id),
    });
  }
  const answers = row.answers.map((a) => a.answer);
  const keys = distinctAnswerIds(row.answers) ? undefined : row.answers.map(restOfAnswer);
  targets.set(row.question_id, {
    answers,
    ...(keys === undefined ? {} : { answerKeys: keys }),
    answer_type: row.answer_type,
    question_type: row.question_type,
    ...(row.multiple_choice_answer === undefined ? {} : { multiple_choice_answer: row.multiple_choice_answer }),
  });
}

/** The official files number the ten answers 1–10: distinct ids make the objects distinct. */
function distinctAnswerIds(answers: readonly AnswerRow[]): boolean {
  const ids = new Set(answers.map((a) => a.answer_id));
  return !ids.has(undefined) && ids.size === answers.length;
}

function restOfAnswer(answer: AnswerRow): string {
  const { answer: _text, ...rest } = answer;
  return JSON.stringify(
    Object.keys(rest)
      .sort()
      .map((k) => [k, rest[k]]),
  );
}
