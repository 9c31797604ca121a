import type { Sample } from "../../src/types.js";
import type { MmeLabel } from "./loader.js";
import { mmePrompt } from "./prompt.js";

/**
 * One MME question as a Sample, the same from every layout (release folders, hub parquet,
 * VLMEvalKit TSV): id `<task>/<image>#<n>`, n = 1, 2 for the image's questions in file order.
 * `nested`: the task keeps its images in `images/`, so LLaVA's answer files may also name it
 * `<task>/images/<image>`.
 */
export function mmeSample(
  task: string,
  imageName: string,
  n: number,
  question: string,
  answer: MmeLabel,
  image: string,
  nested: boolean,
): Sample<MmeLabel> {
  // LLaVA's llava_mme.jsonl names both questions of an image `<task>/<image>`.
  const questionId = `${task}/${imageName}`;
  return {
    id: `${questionId}#${n}`,
    benchmark: "mme",
    images: [image],
    question,
    prompt: mmePrompt(question),
    target: answer,
    meta: { task, image: imageName, question_id: questionId, llava_ids: [questionId, ...(nested ? [`${task}/images/${imageName}`] : [])] },
  };
}
