/** Writes VQAv2-style val (questions + annotations, val2014/) and test-dev (questions, test2015/) sets. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { mulberry32, pick, pythonJson, type Rng, shapeScene, writeScene } from "../mini-scenes.js";
import { TESTDEV_QUESTIONS, VAL_ANNOTATIONS, VAL_QUESTIONS } from "./loader.js";

export interface VqaDatasetOptions {
  images: number;
  seed: number;
  split?: "val" | "test-dev";
}
export const VQAV2_MINI: VqaDatasetOptions = { images: 8, seed: 9 };

const WORDS = ["zero", "one", "two", "three", "four"];

/** Ten human answers with the spelling variety of the real ones (number words, articles, case). */
function humanAnswers(rng: Rng, answer: string, alternatives: readonly string[]): string[] {
  return Array.from({ length: 10 }, () => (rng() < 0.75 ? answer : pick(rng, alternatives)));
}

export async function writeVqav2Dataset(dir: string, options: VqaDatasetOptions): Promise<void> {
  const rng = mulberry32(options.seed);
  const split = options.split ?? "val";
  const folder = split === "val" ? "val2014" : "test2015";
  await mkdir(path.join(dir, folder), { recursive: true });
  const questions: unknown[] = [];
  const annotations: unknown[] = [];
  for (let i = 0; i < options.images; i++) {
    const imageId = 100 + Math.floor(rng() * 580_000);
    const scene = shapeScene(rng, 1 + Math.floor(rng() * 4));
    await writeScene(scene, path.join(dir, folder, `COCO_${folder}_${String(imageId).padStart(12, "0")}.jpg`), "jpeg");
    const shape = pick(rng, scene.shapes);
    const n = scene.shapes.length;
    const rows: [string, string, string, string[], string][] = [
      [`Is there a ${shape.kind}?`, "yes", "yes/no", ["yes", "Yes", "no"], "is there a"],
      [`How many shapes are there?`, String(n), "number", [WORDS[n] ?? String(n), `${n} shapes`, String(n + 1)], "how many"],
      [
        `What color is the ${shape.kind}?`,
        shape.color.name,
        "other",
        [`the ${shape.color.name}`, `${shape.color.name}.`, "dark"],
        "what color is the",
      ],
    ];
    rows.forEach(([question, answer, answerType, alternatives, questionType], j) => {
      const questionId = imageId * 1000 + j;
      questions.push({ image_id: imageId, question, question_id: questionId });
      const answers = humanAnswers(rng, answer, alternatives);
      annotations.push({
        question_type: questionType,
        multiple_choice_answer: answer,
        answers: answers.map((a, k) => ({ answer: a, answer_confidence: pick(rng, ["yes", "yes", "maybe"]), answer_id: k + 1 })),
        image_id: imageId,
        answer_type: answerType,
        question_id: questionId,
      });
    });
  }
  const info = { description: "vlm-bench generated VQAv2-layout mini set", version: "2.0", year: 2017 };
  const common = { info, task_type: "Open-Ended", data_type: "mscoco", license: { url: "", name: "generated" } };
  if (split === "val") {
    await writeFile(path.join(dir, VAL_QUESTIONS), pythonJson({ ...common, data_subtype: "val2014", questions }));
    await writeFile(
      path.join(dir, VAL_ANNOTATIONS),
      pythonJson({ info, license: common.license, data_subtype: "val2014", annotations, data_type: "mscoco" }),
    );
  } else {
    await writeFile(path.join(dir, TESTDEV_QUESTIONS), pythonJson({ ...common, data_subtype: "test-dev2015", questions }));
  }
}
