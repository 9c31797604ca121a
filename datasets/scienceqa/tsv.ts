/**
 * ScienceQA-IMG from VLMEvalKit's ScienceQA_TEST.tsv (ImageMCQDataset): index, image, question,
 * hint, A–E (empty past the problem's last choice), answer (the right choice's letter) — the
 * 2,017 test problems with an image. The rows carry no problem id: when problems.json and
 * pid_splits.json sit in the benchmark folder too, each row gets its official pid by joining on
 * (question, choices, answer, hint), as the hub reader does, and samples come in pid_splits.json
 * order; otherwise ids are `tsv<index>`, recorded as row ids in results.json.
 */
import type { TsvLayout } from "../../src/data-layout.js";
import { tsvAnswerIndex, tsvChoices, tsvHint } from "../../src/tsv/mcq.js";
import { readTsv, tsvError, tsvText } from "../../src/tsv/read.js";
import type { Sample } from "../../src/types.js";
import { TSV_FILES } from "../tsv-files.js";
import { contentKey, officialPids } from "./hub.js";
import type { ScienceqaTarget } from "./loader.js";
import { scienceqaPrompt } from "./prompt.js";

export const scienceqaTsv: TsvLayout<ScienceqaTarget> = {
  file: TSV_FILES.scienceqa!,
  async read(file, options) {
    const pids = await officialPids(options.dir);
    const rows = await readTsv(file, {
      benchmark: "ScienceQA",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "A", "B", "answer"],
    });
    const samples = rows.map((row): Sample<ScienceqaTarget> => {
      const question = tsvText(file, row, "question");
      const choices = tsvChoices(file, row);
      const answer = tsvAnswerIndex(file, row, choices.length);
      const hint = tsvHint(row);
      let id = `tsv${row.values.index}`;
      let meta: Record<string, unknown> = { question_id: id, tsv_index: row.values.index };
      if (pids !== null) {
        const pid = pids.byContent.get(contentKey(question, choices, answer, hint))?.shift();
        if (pid === undefined) {
          throw tsvError(
            file,
            row,
            `${JSON.stringify(question.slice(0, 60))} matches no test problem with an image in ${pids.file}; use problems.json from the ScienceQA release, or remove it to number samples by row`,
          );
        }
        id = pid;
        meta = { question_id: pid, subject: pids.problems[pid]!.subject, grade: pids.problems[pid]!.grade, tsv_index: row.values.index };
      }
      return {
        id,
        benchmark: "scienceqa",
        images: [row.image],
        question,
        prompt: scienceqaPrompt(question, choices, hint),
        choices,
        target: { answer, choices: choices.length },
        meta,
      };
    });
    if (pids !== null) samples.sort((a, b) => pids.order.get(a.id)! - pids.order.get(b.id)!);
    return { samples, ids: pids === null ? "row" : "official" };
  },
};
