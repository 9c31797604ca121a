import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { DataError } from "../../src/errors.js";
import { readText } from "../../src/json-files.js";
import { locate, missingFilesError } from "../../src/locate.js";
import type { LoadOptions, RequiredFile, Sample } from "../../src/types.js";
import { mmeSample } from "./sample.js";
import { FOLDER_TASKS, MME_ROOT, MME_TASKS } from "./tasks.js";

export const MME_FILES: readonly RequiredFile[] = [
  {
    name: MME_ROOT,
    kind: "dir",
    description:
      "MME release: 14 task folders of images and two-line question files (github.com/BradyFU/Awesome-Multimodal-Large-Language-Models, Evaluation)",
  },
];

export type MmeLabel = "yes" | "no";

const IMAGE_EXTENSIONS = [".jpg", ".png", ".jpeg", ".JPG", ".PNG", ".JPEG"];
const FIX = "restore the file from the official MME release (MME_Benchmark_release_version)";
const FIX_SENTENCE = FIX[0]!.toUpperCase() + FIX.slice(1);

/** Samples in task order (perception, then cognition), files sorted by name, two per image. */
export async function loadMme(dir: string, options: LoadOptions = {}): Promise<Sample<MmeLabel>[]> {
  const { found } = await locate(dir, MME_FILES);
  const root = found.get(MME_ROOT);
  if (root === undefined) {
    throw missingFilesError("MME", dir, [MME_ROOT], "unpack the official MME release (MME_Benchmark_release_version.zip) there");
  }
  const present = new Set(await readdir(root));
  const absent = MME_TASKS.filter((t) => !present.has(t));
  if (absent.length > 0) {
    throw new DataError(
      `MME: ${path.resolve(root)} lacks the task folder(s) ${absent.join(", ")}; MME has 14 tasks. Unpack the complete official release.`,
      { file: root },
    );
  }
  const samples: Sample<MmeLabel>[] = [];
  for (const task of MME_TASKS) samples.push(...(await loadTask(path.resolve(root, task), task, options)));
  return samples;
}

async function loadTask(taskDir: string, task: string, options: LoadOptions): Promise<Sample<MmeLabel>[]> {
  const nested = FOLDER_TASKS.has(task) && (await isDir(path.join(taskDir, "images")));
  const imageDir = nested ? path.join(taskDir, "images") : taskDir;
  const qaDir = nested ? path.join(taskDir, "questions_answers_YN") : taskDir;
  const images = new Set(await readdir(imageDir).catch(() => [] as string[]));
  const txtFiles = (await readdir(qaDir).catch(() => [] as string[])).filter((f) => f.endsWith(".txt")).sort();
  if (txtFiles.length === 0) throw new DataError(`MME: no question files (*.txt) in ${qaDir}; ${FIX}.`, { file: qaDir });
  const samples: Sample<MmeLabel>[] = [];
  for (const txt of txtFiles) {
    const file = path.join(qaDir, txt);
    const stem = txt.slice(0, -4);
    const image = IMAGE_EXTENSIONS.map((ext) => stem + ext).find((name) => images.has(name));
    if (image === undefined && !options.annotationsOnly) {
      throw new DataError(`MME: ${file} has no image ${stem}.jpg or ${stem}.png in ${imageDir}; ${FIX}.`, {
        file,
        sampleId: `${task}/${stem}`,
      });
    }
    const imageName = image ?? `${stem}.jpg`; // re-scoring only: the path is a label, never read
    const pairs = await readPair(file);
    pairs.forEach(([question, answer], i) => {
      samples.push(mmeSample(task, imageName, i + 1, question, answer, path.join(imageDir, imageName), nested));
    });
  }
  return samples;
}

/** The two `question<TAB>Yes|No` lines of one image (calculation.py asserts exactly two). */
async function readPair(file: string): Promise<[string, MmeLabel][]> {
  const lines = (await readText(file))
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "");
  if (lines.length !== 2) {
    throw new DataError(
      `${file}: has ${lines.length} question line(s); every MME question file has exactly two (question<TAB>Yes|No). ${FIX_SENTENCE}.`,
      { file },
    );
  }
  return lines.map((line, i): [string, MmeLabel] => {
    const fields = line.trim().split("\t");
    const answer = fields[1]?.toLowerCase();
    if (fields.length !== 2 || (answer !== "yes" && answer !== "no")) {
      throw new DataError(
        `${file}, line ${i + 1}: expected "question<TAB>Yes" or "question<TAB>No", got ${JSON.stringify(line)}. ${FIX_SENTENCE}.`,
        { file, line: i + 1 },
      );
    }
    return [fields[0]!, answer];
  });
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}
