/**
 * MMVP from VLMEvalKit's MMVP.tsv (ImageMCQDataset): index, image, question, A, B, answer (the
 * right option's letter). VLMEvalKit keeps Questions.csv's row order (its report_acc_MMVP pairs
 * rows 2i and 2i+1 by position and asserts they share a question), and its index counts from 0,
 * so the row at position k (by index, counting from 1) is official sample k: ids are official.
 * The options string the official prompt and judge use, "(a) Open (b) Closed", is rebuilt from
 * columns A and B.
 */
import type { TsvLayout } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { tsvAnswerIndex, tsvChoices } from "../../src/tsv/mcq.js";
import { readTsv, tsvError, tsvText } from "../../src/tsv/read.js";
import type { Sample } from "../../src/types.js";
import { TSV_FILES } from "../tsv-files.js";
import { letterAt } from "./options.js";
import { mmvpPrompt } from "./prompt.js";

export const mmvpTsv: TsvLayout<string> = {
  file: TSV_FILES.mmvp!,
  async read(file, options) {
    const rows = await readTsv(file, {
      benchmark: "MMVP",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "A", "B", "answer"],
    });
    for (const row of rows) {
      if (!/^\d+$/.test(row.values.index!.trim()))
        throw tsvError(file, row, `column "index" is ${JSON.stringify(row.values.index)}, not a whole number`);
    }
    rows.sort((a, b) => Number(a.values.index) - Number(b.values.index));
    if (rows.length % 2 !== 0) {
      throw new DataError(`${file}: ${rows.length} rows, an odd number — MMVP pairs consecutive rows, so the last one has no partner.`, {
        file,
      });
    }
    const samples = rows.map((row, i): Sample<string> => {
      const question = tsvText(file, row, "question");
      if (i % 2 === 1 && question !== rows[i - 1]!.values.question) {
        throw tsvError(file, row, `its question differs from row index ${rows[i - 1]!.values.index}'s, its pair in MMVP`);
      }
      const choices = tsvChoices(file, row);
      const target = letterAt(tsvAnswerIndex(file, row, choices.length));
      const optionText = choices.map((c, k) => `(${letterAt(k)}) ${c}`).join(" ");
      const id = String(i + 1);
      return {
        id,
        benchmark: "mmvp",
        images: [row.image],
        question,
        prompt: mmvpPrompt(question, optionText),
        choices,
        target,
        meta: { pair: Math.ceil((i + 1) / 2), index: id, options: optionText, answer: `(${target})`, tsv_index: row.values.index },
      };
    });
    return { samples, ids: "official" };
  },
};
