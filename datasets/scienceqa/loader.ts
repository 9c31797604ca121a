import path from "node:path";
import { DataError } from "../../src/errors.js";
import { checkImagesListed } from "../../src/image-listing.js";
import { checkImageName } from "../../src/image-name.js";
import { readJsonFile } from "../../src/json-files.js";
import { locate, missingFilesError, neededFiles } from "../../src/locate.js";
import { validateJson } from "../../src/schema.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { checkUniqueIds } from "../../src/unique-ids.js";
import { scienceqaPrompt } from "./prompt.js";
import { PID_SPLITS_SCHEMA, PROBLEMS_SCHEMA } from "./schema.js";

export const SCIENCEQA_FILES: readonly RequiredFile[] = [
  { name: "problems.json", kind: "file", description: "ScienceQA problems (github.com/lupantech/ScienceQA, data/scienceqa/)" },
  { name: "pid_splits.json", kind: "file", description: "ScienceQA problem ids per split (same folder)" },
  { name: "images", kind: "dir", imagesOnly: true, description: "ScienceQA images, images/test/<pid>/image.png (the release's test.zip)" },
];

export interface ScienceqaTarget {
  /** Index of the right choice. */
  answer: number;
  /** How many choices the problem has. */
  choices: number;
}

interface Problem {
  question: string;
  choices: string[];
  answer: number;
  hint: string;
  image: string | null;
  split?: string;
  subject?: string;
  grade?: string;
}

const FIX = "restore problems.json and pid_splits.json from https://github.com/lupantech/ScienceQA (data/scienceqa/)";

/** The test-split problems that have an image (ScienceQA-IMG), in pid_splits.json order. */
export async function loadScienceqa(dir: string, options: LoadOptions = {}): Promise<Sample<ScienceqaTarget>[]> {
  const { found } = await locate(dir, SCIENCEQA_FILES);
  const { missing } = neededFiles(SCIENCEQA_FILES, found, options);
  if (missing.length > 0) {
    throw missingFilesError(
      "ScienceQA",
      dir,
      missing.map((f) => f.name),
      `${FIX}, and unpack the test images so that images/test/<pid>/image.png exists`,
    );
  }
  const problemsFile = path.resolve(found.get("problems.json")!);
  const splitsFile = path.resolve(found.get("pid_splits.json")!);
  const imageRoot = path.resolve(found.get("images") ?? path.join(path.dirname(problemsFile), "images"));
  const problems = await readJsonFile(problemsFile);
  validateJson(
    problemsFile,
    problems,
    PROBLEMS_SCHEMA,
    `Each problem looks like {"question": "…", "choices": ["…", "…"], "answer": 0, "hint": "", "image": "image.png" or null}; ${FIX}.`,
  );
  const splits = await readJsonFile(splitsFile);
  validateJson(splitsFile, splits, PID_SPLITS_SCHEMA, `pid_splits.json looks like {"train": […], "val": […], "test": ["4", …]}; ${FIX}.`);

  const testPids = (splits as { test: string[] }).test;
  checkUniqueIds(splitsFile, testPids, (i) => `/test/${i}`, `each test problem is listed once; ${FIX}`);
  const samples: Sample<ScienceqaTarget>[] = [];
  for (const [index, pid] of testPids.entries()) {
    const problem = (problems as Record<string, Problem>)[pid];
    if (problem === undefined) {
      throw new DataError(`${splitsFile}: test problem ${pid} is not in ${problemsFile}; use both files from the same release.`, {
        file: splitsFile,
        sampleId: pid,
      });
    }
    if (problem.image === null || problem.image === "") continue;
    // The pid names the image's folder (images/test/<pid>/), so it is a path segment too.
    checkImageName(splitsFile, `/test/${index}`, pid, { sampleId: pid });
    checkImageName(problemsFile, `/${pid}/image`, problem.image, { sampleId: pid });
    if (problem.answer >= problem.choices.length) {
      throw new DataError(`${problemsFile}: /${pid}/answer: ${problem.answer} is beyond its ${problem.choices.length} choices; ${FIX}.`, {
        file: problemsFile,
        sampleId: pid,
      });
    }
    samples.push({
      id: pid,
      benchmark: "scienceqa",
      images: [path.join(imageRoot, "test", pid, problem.image)],
      question: problem.question,
      prompt: scienceqaPrompt(problem.question, problem.choices, problem.hint),
      choices: problem.choices,
      target: { answer: problem.answer, choices: problem.choices.length },
      meta: { question_id: pid, subject: problem.subject, grade: problem.grade },
    });
  }
  if (!options.annotationsOnly) {
    await checkImagesListed(
      "ScienceQA",
      samples,
      `Unpack the ScienceQA test images (test.zip of the release) so that ${path.join(imageRoot, "test", "<pid>", "image.png")} exists`,
    );
  }
  return samples;
}
