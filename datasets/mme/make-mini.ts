/** Writes an MME-style release folder (all 14 tasks, both layouts) from synthetic scenes. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { absentKinds, mulberry32, pick, shapeScene, writeScene } from "../mini-scenes.js";
import { FOLDER_TASKS, MME_ROOT, MME_TASKS } from "./tasks.js";

export interface MmeDatasetOptions {
  imagesPerTask: number;
  seed: number;
}
export const MME_MINI: MmeDatasetOptions = { imagesPerTask: 2, seed: 5 };

/** Each image gets the official pair: a question answered Yes, then one answered No. */
export async function writeMmeDataset(dir: string, options: MmeDatasetOptions): Promise<void> {
  const rng = mulberry32(options.seed);
  const root = path.join(dir, MME_ROOT);
  for (const task of MME_TASKS) {
    const nested = FOLDER_TASKS.has(task);
    const imageDir = nested ? path.join(root, task, "images") : path.join(root, task);
    const qaDir = nested ? path.join(root, task, "questions_answers_YN") : path.join(root, task);
    await mkdir(imageDir, { recursive: true });
    await mkdir(qaDir, { recursive: true });
    for (let i = 0; i < options.imagesPerTask; i++) {
      const stem = nested ? String(10_000 + Math.floor(rng() * 90_000)) : String(i + 1).padStart(4, "0");
      const format = !nested && i % 2 === 1 ? "png" : "jpeg";
      const scene = shapeScene(rng, 3);
      await writeScene(scene, path.join(imageDir, `${stem}.${format === "png" ? "png" : "jpg"}`), format);
      const present = pick(rng, scene.shapes).kind;
      const absent = pick(rng, absentKinds(scene));
      // Some official questions have two spaces before the suffix; keep that quirk in the mini set.
      const gap = rng() < 0.2 ? "  " : " ";
      const lines = [
        `Is there a ${present} in this image?${gap}Please answer yes or no.\tYes`,
        `Is there a ${absent} in this image? Please answer yes or no.\tNo`,
      ];
      await writeFile(path.join(qaDir, `${stem}.txt`), lines.join("\n") + "\n");
    }
  }
}
