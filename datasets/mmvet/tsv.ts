/**
 * MM-Vet from VLMEvalKit's MMVet.tsv: index, image, question, answer, category (the
 * capabilities, comma-joined, as VLMEvalKit's MMVet_acc reads them). The TSV carries no v1_N
 * key, so ids are `tsv<index>` (provenance ids: row).
 */

import type { TsvLayout } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { readTsv, tsvText } from "../../src/tsv/read.js";
import { TSV_FILES } from "../tsv-files.js";
import type { MmvetTarget } from "./loader.js";
import { mmvetPrompt } from "./prompt.js";

export const mmvetTsv: TsvLayout<MmvetTarget> = {
  file: TSV_FILES.mmvet!,
  async read(file, options) {
    const rows = await readTsv(file, {
      benchmark: "MM-Vet",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "answer", "category"],
    });
    const samples = rows.map((row) => {
      const capabilities = [
        ...new Set(
          tsvText(file, row, "category")
            .split(",")
            .map((c) => c.trim())
            .filter((c) => c !== ""),
        ),
      ];
      if (capabilities.length === 0)
        throw new DataError(`${file}, line ${row.line}: column "category" names no capability.`, { file, line: row.line });
      const question = tsvText(file, row, "question");
      return {
        id: `tsv${row.values.index}`,
        benchmark: "mmvet",
        images: [row.image],
        question,
        prompt: mmvetPrompt(question),
        target: tsvText(file, row, "answer"),
        meta: { capabilities, llava_ids: [] as string[] },
      };
    });
    return { samples, ids: "row" };
  },
};
