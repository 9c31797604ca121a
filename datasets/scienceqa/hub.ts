/**
 * ScienceQA-IMG from the Hugging Face Hub (lmms-lab/ScienceQA, moved to lmms-lab-encoder/ScienceQA):
 * config `ScienceQA-IMG`, split `test`, 2,017 rows {image, question, choices: list of strings,
 * answer: int8, hint, task, grade, subject, topic, category, skill, lecture, solution}. The rows
 * carry no problem id: when problems.json and pid_splits.json sit in the benchmark folder too,
 * each row gets its official pid by joining on (question, choices, answer, hint); otherwise ids
 * are row numbers (`row-<n>`), recorded as such in results.json. Config ScienceQA-FULL is read,
 * without its text-only rows (null image), only when ScienceQA-IMG is absent.
 */
import path from "node:path";
import type { HubReader } from "../../src/data-layout.js";
import { DataError } from "../../src/errors.js";
import { type ColumnSpec, integerCell } from "../../src/hub/parquet.js";
import { checkUniqueIds, missingSplit, readHubRows, textCell } from "../../src/hub/rows.js";
import { splitShards } from "../../src/hub/snapshot.js";
import { readJsonFile } from "../../src/json-files.js";
import { locate } from "../../src/locate.js";
import type { Sample } from "../../src/types.js";
import type { ScienceqaTarget } from "./loader.js";
import { scienceqaPrompt } from "./prompt.js";

export const SCIENCEQA_HUB_COLUMNS: readonly ColumnSpec[] = [
  { name: "question", kind: "string" },
  { name: "choices", kind: "string-list" },
  { name: "answer", kind: "integer" },
  { name: "hint", kind: "string" },
  { name: "subject", kind: "string" },
  { name: "grade", kind: "string" },
  { name: "image", kind: "image" },
];

export interface Problem {
  question: string;
  choices: string[];
  answer: number;
  hint: string;
  image: string | null;
  subject?: string;
  grade?: string;
}

export const contentKey = (question: string, choices: readonly string[], answer: number, hint: string) =>
  JSON.stringify([question, choices, answer, hint]);

export const readScienceqaHub: HubReader<ScienceqaTarget> = async (snapshot, options) => {
  let config = "ScienceQA-IMG";
  let files = splitShards(snapshot, config, "test");
  if (files.length === 0) {
    config = "ScienceQA-FULL";
    files = splitShards(snapshot, config, "test");
  }
  if (files.length === 0) {
    if (snapshot.files.length === 0) return null;
    throw missingSplit("ScienceQA", snapshot.root, "ScienceQA-IMG/test-*.parquet", snapshot.files);
  }
  const pids = await officialPids(options.dir);
  const samples: Sample<ScienceqaTarget>[] = [];
  const rank = new Map<string, number>();
  await readHubRows(files, SCIENCEQA_HUB_COLUMNS, { benchmark: "ScienceQA", ...options }, async (row, context) => {
    const image = row.image as { bytes?: unknown } | null;
    if (config === "ScienceQA-FULL" && (image === null || image === undefined || image.bytes === null)) return; // text-only
    const question = textCell(row, "question", context);
    const hint = row.hint === null ? "" : textCell(row, "hint", context);
    const choices = row.choices as unknown;
    const answer = integerCell(row.answer);
    const bad = (problem: string) =>
      new DataError(`${context.file}: row ${context.row}: ${problem}. Download the dataset again.`, { file: context.file });
    if (!Array.isArray(choices) || choices.length < 2 || choices.some((c) => typeof c !== "string"))
      throw bad(`column "choices" is not a list of two or more strings`);
    if (answer === null || answer < 0 || answer >= choices.length)
      throw bad(`column "answer" is ${String(row.answer)}, not an index into its ${choices.length} choices`);
    let id = `row-${context.row}`;
    if (pids !== null) {
      const queue = pids.byContent.get(contentKey(question, choices, answer, hint));
      const pid = queue?.shift();
      if (pid === undefined) {
        throw new DataError(
          `${context.file}: row ${context.row} (${JSON.stringify(question.slice(0, 60))}) matches no test problem with an image in ${pids.file}; ` +
            `use problems.json from the ScienceQA release the snapshot was made from, or remove it to number samples by row.`,
          { file: context.file },
        );
      }
      id = pid;
      rank.set(pid, pids.order.get(pid)!);
    }
    samples.push({
      id,
      benchmark: "scienceqa",
      images: [await context.image(id)],
      question,
      prompt: scienceqaPrompt(question, choices, hint),
      choices,
      target: { answer, choices: choices.length },
      meta: { question_id: id, subject: textCell(row, "subject", context), grade: textCell(row, "grade", context) },
    });
  });
  checkUniqueIds(samples, files);
  if (pids !== null) samples.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  return { samples, files, config, split: "test", ids: pids === null ? "row" : "official" };
};

/** The official test pids with an image, by content (several problems may share it: first come, first served). */
export async function officialPids(
  dir: string,
): Promise<{ file: string; byContent: Map<string, string[]>; order: Map<string, number>; problems: Record<string, Problem> } | null> {
  const { found } = await locate(dir, [
    { name: "problems.json", kind: "file", description: "" },
    { name: "pid_splits.json", kind: "file", description: "" },
  ]);
  const problemsFile = found.get("problems.json");
  const splitsFile = found.get("pid_splits.json");
  if (problemsFile === undefined || splitsFile === undefined) return null;
  const problems = (await readJsonFile(path.resolve(problemsFile))) as Record<string, Problem>;
  const test = ((await readJsonFile(path.resolve(splitsFile))) as { test?: string[] }).test ?? [];
  const byContent = new Map<string, string[]>();
  const order = new Map<string, number>();
  test.forEach((pid, i) => {
    const p = problems[pid];
    if (p === undefined || p.image === null || p.image === "") return;
    const key = contentKey(p.question, p.choices, p.answer, p.hint);
    byContent.set(key, [...(byContent.get(key) ?? []), pid]);
    order.set(pid, i);
  });
  return { file: path.resolve(problemsFile), byContent, order, problems };
}
