import path from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import { DataError } from "../../src/errors.js";
import { checkImagesListed } from "../../src/image-listing.js";
import { readText } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { answerLetter, splitOptions } from "./options.js";
import { mmvpPrompt } from "./prompt.js";

export const QUESTIONS_CSV = "Questions.csv";
export const IMAGE_DIR = "MMVP Images";
export const MMVP_COLUMNS = ["Index", "Question", "Options", "Correct Answer"] as const;

export const MMVP_FILES: readonly RequiredFile[] = [
  {
    name: QUESTIONS_CSV,
    kind: "file",
    description: "MMVP questions: CSV with columns Index, Question, Options, Correct Answer (huggingface.co/datasets/MMVP/MMVP)",
  },
  {
    name: IMAGE_DIR,
    kind: "dir",
    description: "MMVP images 1.jpg … 300.jpg, named by CSV row (huggingface.co/datasets/MMVP/MMVP)",
    imagesOnly: true,
  },
];

/** One row of Questions.csv, as the CSV has it. */
export interface MmvpRow {
  Index: string;
  Question: string;
  Options: string;
  "Correct Answer": string;
}

/**
 * Samples in CSV order; sample id = the row number (1-based), which also names the image, as
 * in the official evaluate_mllm.py (it reads `<row>.jpg`, not the Index column). `target` is
 * the correct option letter, `choices` the option texts, `meta.pair` the pair number.
 */
export async function loadMmvp(dir: string, options: LoadOptions = {}): Promise<Sample<string>[]> {
  const { found } = await locate(dir, MMVP_FILES);
  const { missing } = neededFiles(MMVP_FILES, found, options);
  if (missing.length > 0) {
    throw missingFilesError(
      "MMVP",
      dir,
      missing.map((f) => `"${f.name}"`),
      `download the MMVP benchmark (https://huggingface.co/datasets/MMVP/MMVP: Questions.csv and the "MMVP Images" folder) into that folder`,
    );
  }
  const file = path.resolve(found.get(QUESTIONS_CSV)!);
  const imageDir = path.resolve(found.get(IMAGE_DIR) ?? path.join(path.dirname(file), IMAGE_DIR));
  const rows = await readRows(file);
  if (rows.length % 2 !== 0) {
    throw new DataError(
      `${file}: ${rows.length} questions, an odd number — MMVP pairs consecutive rows (1–2, 3–4, …), so question ${rows.length} ` +
        `(line ${rows[rows.length - 1]!.line}) has no partner. Restore the official file (300 rows).`,
      { file, line: rows[rows.length - 1]!.line },
    );
  }
  const samples = rows.map(({ row, line }, i): Sample<string> => {
    const bad = (problem: string) =>
      new DataError(
        `${file}, line ${line}: ${problem}. Rows look like 1,"Is the door open?","(a) Open (b) Closed","(a)"; restore the official file or fix that row.`,
        {
          file,
          line,
          sampleId: String(i + 1),
        },
      );
    if (row.Question.trim() === "") throw bad(`the Question is empty`);
    const choices = splitOptions(row.Options);
    if (choices === null) throw bad(`Options ${JSON.stringify(row.Options)} is not a list like "(a) Open (b) Closed"`);
    const target = answerLetter(row["Correct Answer"]);
    if (target === null || target.charCodeAt(0) - 97 >= choices.length) {
      throw bad(
        `Correct Answer ${JSON.stringify(row["Correct Answer"])} is not one of the options' letters (a)–(${String.fromCharCode(96 + choices.length)})`,
      );
    }
    const number = i + 1;
    return {
      id: String(number),
      benchmark: "mmvp",
      images: [path.join(imageDir, `${number}.jpg`)],
      question: row.Question,
      prompt: mmvpPrompt(row.Question, row.Options),
      choices,
      target,
      meta: { pair: Math.ceil(number / 2), index: row.Index, options: row.Options, answer: row["Correct Answer"] },
    };
  });
  if (!options.annotationsOnly) {
    await checkImagesListed("MMVP", samples, `Restore the "MMVP Images" folder (images named by CSV row, 1.jpg …) in ${imageDir}`);
  }
  return samples;
}

async function readRows(file: string): Promise<{ row: MmvpRow; line: number }[]> {
  const text = await readText(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new DataError(
      `${file}${line === undefined ? "" : `, line ${line}`}: not a readable CSV (${(error as Error).message}). Restore the official Questions.csv.`,
      {
        file,
        line,
        cause: error,
      },
    );
  }
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const absent = MMVP_COLUMNS.filter((c) => !header.includes(c));
  if (absent.length > 0) {
    throw new DataError(
      `${file}, line 1: no ${absent.map((c) => `"${c}"`).join(", ")} column (the header has ${header.map((h) => JSON.stringify(h)).join(", ") || "nothing"}). ` +
        `MMVP's Questions.csv starts with the header Index,Question,Options,Correct Answer; restore the official file.`,
      { file, line: 1 },
    );
  }
  const at = Object.fromEntries(MMVP_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof MMVP_COLUMNS)[number], number>;
  return records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    row: {
      Index: record[at.Index]!,
      Question: record[at.Question]!,
      Options: record[at.Options]!,
      "Correct Answer": record[at["Correct Answer"]]!,
    },
  }));
}
