/**
 * MME from VLMEvalKit's MME.tsv: index, image, question, answer (Yes/No), category (task),
 * image_path (the image's file; VLMEvalKit's MME_rating pairs questions by it). Ids are the
 * official `<task>/<image file>#<n>`, n numbering each image's questions in row order.
 */
import path from "node:path";
import type { TsvLayout } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { readTsv, tsvText } from "../../src/tsv/read.js";
import type { Sample } from "../../src/types.js";
import { TSV_FILES } from "../tsv-files.js";
import type { MmeLabel } from "./loader.js";
import { mmeSample } from "./sample.js";
import { FOLDER_TASKS, MME_TASKS } from "./tasks.js";

export const mmeTsv: TsvLayout<MmeLabel> = {
  file: TSV_FILES.mme!,
  async read(file, options) {
    const rows = await readTsv(file, {
      benchmark: "MME",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "answer", "category", "image_path"],
    });
    const samples: Sample<MmeLabel>[] = [];
    const perImage = new Map<string, number>();
    for (const row of rows) {
      const task = tsvText(file, row, "category");
      const answer = tsvText(file, row, "answer").trim().toLowerCase();
      const bad = (problem: string) =>
        new DataError(`${file}, line ${row.line}: ${problem}.`, { file, line: row.line, sampleId: row.values.index });
      if (!MME_TASKS.includes(task)) throw bad(`category ${JSON.stringify(task)} is not an MME task`);
      if (answer !== "yes" && answer !== "no") throw bad(`answer ${JSON.stringify(row.values.answer)} is not Yes or No`);
      const imageName = path.posix.basename(tsvText(file, row, "image_path").replaceAll("\\", "/"));
      const questionId = `${task}/${imageName}`;
      const n = (perImage.get(questionId) ?? 0) + 1;
      perImage.set(questionId, n);
      const question = tsvText(file, row, "question");
      samples.push(mmeSample(task, imageName, n, question, answer, row.image, FOLDER_TASKS.has(task)));
    }
    const stem = (s: Sample) => (s.meta.image as string).replace(/\.[^.]+$/, "");
    const order = (s: Sample) => MME_TASKS.indexOf(s.meta.task as string);
    samples.sort((a, b) => order(a) - order(b) || (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0) || (a.id < b.id ? -1 : 1));
    return { samples, ids: "official" };
  },
};
