/** Writes a ScienceQA-style release (problems.json, pid_splits.json, images/<split>/<pid>/image.png). */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { absentKinds, mulberry32, pythonJson, randomInt, shapeScene, shuffle, writeScene } from "../mini-scenes.js";

export interface ScienceqaDatasetOptions {
  problems: number;
  seed: number;
}
export const SCIENCEQA_MINI: ScienceqaDatasetOptions = { problems: 16, seed: 11 };

/** Test problems with and without images, plus train/val ones; 2–5 choices, hints sometimes. */
export async function writeScienceqaDataset(dir: string, options: ScienceqaDatasetOptions): Promise<Record<string, unknown>> {
  const rng = mulberry32(options.seed);
  const problems: Record<string, unknown> = {};
  const splits: Record<string, string[]> = { train: [], val: [], test: [], trainval: [], minitrain: [], minival: [], minitest: [] };
  for (let i = 0; i < options.problems; i++) {
    const pid = String(i * 7 + 3);
    const split = i % 8 === 6 ? "train" : i % 8 === 7 ? "val" : "test";
    const withImage = i % 5 !== 4;
    const scene = shapeScene(rng, 2);
    const count = randomInt(rng, 2, 5);
    const right = scene.shapes[0]!.kind;
    const choices = shuffle(rng, [right, ...shuffle(rng, absentKinds(scene)).slice(0, count - 1)]);
    if (withImage) {
      await mkdir(path.join(dir, "images", split, pid), { recursive: true });
      await writeScene(scene, path.join(dir, "images", split, pid, "image.png"), "png");
    }
    problems[pid] = {
      question: withImage
        ? "Which shape is in the picture?"
        : `Which word names a shape with ${right === "circle" ? "no" : "some"} corners?`,
      choices,
      answer: choices.indexOf(right),
      hint: i % 3 === 0 ? "The picture shows shapes drawn on a plain background." : "",
      image: withImage ? "image.png" : null,
      task: "closed choice",
      grade: `grade${randomInt(rng, 1, 8)}`,
      subject: "natural science",
      topic: "geometry",
      category: "Shapes",
      skill: "Identify shapes",
      lecture: "",
      solution: "",
      split,
    };
    splits[split]!.push(pid);
  }
  splits.trainval = [...splits.train!, ...splits.val!];
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "problems.json"), pythonJson(problems));
  await writeFile(path.join(dir, "pid_splits.json"), pythonJson(splits));
  return problems;
}
