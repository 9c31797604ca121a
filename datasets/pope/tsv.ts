/**
 * POPE from VLMEvalKit's POPE.tsv: index, image (base64 or another row's index), question,
 * answer (Yes/No), category. A question asked in several splits is one row whose category
 * joins them with commas (VLMEvalKit's POPE_rating explodes it); here it becomes one sample per
 * split. The TSV has no POPE question_id, so ids are `<split>/tsv<index>` (provenance ids: row).
 */

import type { TsvLayout } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { readTsv, tsvText } from "../../src/tsv/read.js";
import type { Sample } from "../../src/types.js";
import { TSV_FILES } from "../tsv-files.js";
import { POPE_SPLITS, type PopeLabel, type PopeSplit } from "./loader.js";
import { popePrompt } from "./prompt.js";

export const popeTsv: TsvLayout<PopeLabel> = {
  file: TSV_FILES.pope!,
  async read(file, options) {
    const rows = await readTsv(file, {
      benchmark: "POPE",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "answer", "category"],
    });
    const bySplit = new Map<PopeSplit, Sample<PopeLabel>[]>(POPE_SPLITS.map((s) => [s, []]));
    for (const row of rows) {
      const index = row.values.index!;
      const answer = tsvText(file, row, "answer").trim().toLowerCase();
      if (answer !== "yes" && answer !== "no") {
        throw new DataError(`${file}, line ${row.line}: column "answer" is ${JSON.stringify(row.values.answer)}, not Yes or No.`, {
          file,
          line: row.line,
          sampleId: index,
        });
      }
      const question = tsvText(file, row, "question");
      for (const split of tsvText(file, row, "category")
        .split(",")
        .map((c) => c.trim())) {
        if (!(POPE_SPLITS as readonly string[]).includes(split)) {
          throw new DataError(`${file}, line ${row.line}: category ${JSON.stringify(split)} is not one of ${POPE_SPLITS.join(", ")}.`, {
            file,
            line: row.line,
            sampleId: index,
          });
        }
        bySplit.get(split as PopeSplit)!.push({
          id: `${split}/tsv${index}`,
          benchmark: "pope",
          images: [row.image],
          question,
          prompt: popePrompt(question),
          target: answer,
          meta: { split, question_id: Number(index), tsv_index: index, llava_ids: [] },
        });
      }
    }
    return { samples: POPE_SPLITS.flatMap((s) => bySplit.get(s)!), ids: "row" };
  },
};
