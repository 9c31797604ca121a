/** Writes a GQA-style test-dev balanced set in the official layout from synthetic scenes. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { absentKinds, mulberry32, pick, pythonJson, shapeScene, writeScene } from "../mini-scenes.js";
import { GQA_QUESTIONS } from "./loader.js";

export interface GqaDatasetOptions {
  images: number;
  seed: number;
}
export const GQA_MINI: GqaDatasetOptions = { images: 8, seed: 3 };

/** Per image: verify (yes and no), query, choose and logical questions; one unbalanced extra. */
export async function writeGqaDataset(dir: string, options: GqaDatasetOptions): Promise<Record<string, unknown>> {
  const rng = mulberry32(options.seed);
  await mkdir(path.join(dir, "images"), { recursive: true });
  const questions: Record<string, unknown> = {};
  let next = 20_100_000 + Math.floor(rng() * 1000) * 100;
  for (let i = 0; i < options.images; i++) {
    const imageId = `n${100_000 + Math.floor(rng() * 899_999)}`;
    const scene = shapeScene(rng, 3);
    await writeScene(scene, path.join(dir, "images", `${imageId}.jpg`), "jpeg");
    const [a, b] = [scene.shapes[0]!, scene.shapes[1]!];
    const missing = pick(rng, absentKinds(scene));
    const other = pick(
      rng,
      ["red", "green", "blue", "orange", "purple", "yellow", "black"].filter((c) => c !== a.color.name),
    );
    const [first, second] = rng() < 0.5 ? [a.color.name, other] : [other, a.color.name];
    const rows: [string, string, string, string, boolean][] = [
      [`Is there a ${a.kind} in the image?`, "yes", "verify", "exist", true],
      [`Is there a ${missing} in the image?`, "no", "verify", "exist", true],
      [`What color is the ${a.kind}?`, a.color.name, "query", "attr", true],
      [`Which shape is ${b.color.name}?`, b.kind, "query", "cat", true],
      [`Is the ${a.kind} ${first} or ${second}?`, a.color.name, "choose", "attr", true],
      [`Are there both a ${b.kind} and a ${missing} in the image?`, "no", "logical", "obj", true],
      [`What is the ${b.color.name} shape?`, b.kind, "query", "cat", false],
    ];
    for (const [question, answer, structural, semantic, isBalanced] of rows) {
      questions[String(next++)] = {
        semantic: [],
        entailed: [],
        equivalent: [],
        question,
        imageId,
        isBalanced,
        groups: { global: null, local: null },
        answer,
        semanticStr: "",
        annotations: { answer: {}, question: {}, fullAnswer: {} },
        types: { detailed: `${semantic}Detailed`, semantic, structural },
        fullAnswer: `The answer is ${answer}.`,
      };
    }
  }
  await writeFile(path.join(dir, GQA_QUESTIONS), pythonJson(questions));
  return questions;
}
