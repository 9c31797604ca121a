/**
 * VLMEvalKit's multiple-choice TSVs (ImageMCQDataset: MMVP.tsv, ScienceQA_TEST.tsv): one column
 * per option letter `A`, `B`, … (empty — pandas' NaN — where a question has fewer options), an
 * optional `hint`, and `answer` holding the right option's letter.
 */
import { type TsvRow, tsvError, tsvText } from "./read.js";

export const MCQ_LETTERS = ["A", "B", "C", "D", "E"] as const;

/** The option texts, A first; a gap (C empty, D filled) or fewer than two options is a DataError. */
export function tsvChoices(file: string, row: TsvRow): string[] {
  const cells = MCQ_LETTERS.map((letter) => row.values[letter] ?? "");
  const count = cells.findIndex((c) => c === "" || c === "nan");
  const choices = count === -1 ? cells : cells.slice(0, count);
  if (choices.length < 2) throw tsvError(file, row, `columns "A" and "B" must both hold an option`);
  const stray = cells.slice(choices.length).findIndex((c) => c !== "" && c !== "nan");
  if (stray !== -1) {
    throw tsvError(
      file,
      row,
      `column "${MCQ_LETTERS[choices.length + stray]}" holds an option after empty column "${MCQ_LETTERS[choices.length]}"`,
    );
  }
  return choices;
}

/** The `answer` letter's index among `count` options, else a DataError. */
export function tsvAnswerIndex(file: string, row: TsvRow, count: number): number {
  const answer = tsvText(file, row, "answer").trim().toUpperCase();
  const index = answer.length === 1 ? answer.charCodeAt(0) - 65 : -1;
  if (index < 0 || index >= count) {
    throw tsvError(
      file,
      row,
      `column "answer" is ${JSON.stringify(row.values.answer)}, not one of the letters A–${MCQ_LETTERS[count - 1]}`,
    );
  }
  return index;
}

/** The `hint` column, "" where it is absent or empty (pandas writes NaN as an empty cell). */
export function tsvHint(row: TsvRow): string {
  const hint = row.values.hint ?? "";
  return hint === "nan" ? "" : hint;
}
