/**
 * GQA from VLMEvalKit's GQA_TestDev_Balanced.tsv (ImageVQADataset): index, image (base64 or
 * another row's index), question, answer — the 12,578 balanced test-dev questions. The rows
 * carry neither GQA's question id nor the structural type that splits accuracy into binary and
 * open. With the official testdev_balanced_questions.json beside the TSV, each row gets its
 * question id and type by its index when the index is a question id with the same question and
 * answer, else by joining on (question, answer) in file order, and ids are official. Without it
 * the rows are scored as they are: ids `tsv<index>` (provenance ids: row), accuracy only.
 */
import path from "node:path";
import type { TsvLayout } from "../../src/data-layout.js";
import { readJsonFile } from "../../src/json-files.js";
import { locate } from "../../src/locate.js";
import { validateJson } from "../../src/schema.js";
import { readTsv, tsvError, tsvText } from "../../src/tsv/read.js";
import type { Sample } from "../../src/types.js";
import { TSV_FILES } from "../tsv-files.js";
import { GQA_QUESTIONS, type GqaTarget } from "./loader.js";
import { gqaPrompt } from "./prompt.js";
import { GQA_QUESTIONS_SCHEMA } from "./schema.js";

interface Question {
  question: string;
  imageId: string;
  answer: string;
  isBalanced: boolean;
  types: { structural: string };
}

const contentKey = (question: string, answer: string) => JSON.stringify([question, answer]);

export const gqaTsv: TsvLayout<GqaTarget> = {
  file: TSV_FILES.gqa!,
  async read(file, options) {
    const questions = await balancedQuestions(options.dir);
    const rows = await readTsv(file, {
      benchmark: "GQA",
      images: options.images,
      annotationsOnly: options.annotationsOnly,
      columns: ["question", "answer"],
    });
    if (questions === null) {
      const samples = rows.map((row): Sample<GqaTarget> => {
        const question = tsvText(file, row, "question");
        return {
          id: `tsv${row.values.index}`,
          benchmark: "gqa",
          images: [row.image],
          question,
          prompt: gqaPrompt(question),
          target: { answer: tsvAnswer(file, row), structural: null },
          meta: { tsv_index: row.values.index },
        };
      });
      return { samples, ids: "row" };
    }
    const used = new Set<string>();
    const samples: Sample<GqaTarget>[] = rows.map((row) => {
      const index = row.values.index!;
      const question = tsvText(file, row, "question");
      const answer = tsvAnswer(file, row);
      const key = contentKey(question, answer);
      const own = questions.byId.get(index);
      let id: string | undefined =
        own !== undefined && !used.has(index) && contentKey(own.question, own.answer) === key ? index : undefined;
      const queue = questions.byContent.get(key) ?? [];
      while (id === undefined && queue.length > 0) {
        const next = queue.shift()!;
        if (!used.has(next)) id = next;
      }
      if (id === undefined) {
        throw tsvError(
          file,
          row,
          `question ${JSON.stringify(question.slice(0, 60))} with answer ${JSON.stringify(answer)} matches no unclaimed balanced question in ${questions.file}; use the testdev_balanced_questions.json of GQA 1.2`,
        );
      }
      used.add(id);
      const q = questions.byId.get(id)!;
      return {
        id,
        benchmark: "gqa",
        images: [row.image],
        question,
        prompt: gqaPrompt(question),
        target: { answer, structural: q.types.structural },
        meta: { question_id: id, imageId: q.imageId, structural: q.types.structural, tsv_index: index },
      };
    });
    // The official loader's order: the JSON object's.
    samples.sort((a, b) => questions.rank.get(a.id)! - questions.rank.get(b.id)!);
    return { samples, ids: "official" };
  },
};

/** VLMEvalKit's vqa_eval accepts a one-answer list literal (`['yes']`) as well as plain text. */
function tsvAnswer(file: string, row: Parameters<typeof tsvText>[1]): string {
  const cell = tsvText(file, row, "answer");
  const listed = /^\[\s*(['"])(.*)\1\s*\]$/.exec(cell.trim());
  return listed === null ? cell : listed[2]!;
}

/** The balanced questions of testdev_balanced_questions.json when it sits beside the TSV, else null. */
async function balancedQuestions(dir: string) {
  const { found } = await locate(dir, [{ name: GQA_QUESTIONS, kind: "file", description: "" }]);
  const where = found.get(GQA_QUESTIONS);
  if (where === undefined) return null;
  const file = path.resolve(where);
  const value = await readJsonFile(file);
  validateJson(
    file,
    value,
    GQA_QUESTIONS_SCHEMA,
    `GQA questions look like {"<questionId>": {"question": "…", "answer": "…", …}}; restore the official file.`,
  );
  const byId = new Map<string, Question>();
  const byContent = new Map<string, string[]>();
  const rank = new Map<string, number>();
  for (const [id, q] of Object.entries(value as Record<string, Question>)) {
    if (!q.isBalanced) continue;
    byId.set(id, q);
    rank.set(id, rank.size);
    const key = contentKey(q.question, q.answer);
    const same = byContent.get(key);
    if (same === undefined) byContent.set(key, [id]);
    else same.push(id);
  }
  return { file, byId, byContent, rank };
}
