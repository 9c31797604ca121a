import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { findAnswer, readAnswerFile } from "../src/answers.js";
import { AdapterError, UsageError } from "../src/errors.js";
import type { AdapterFactory, GenerateRequest, GenerationSettings, ModelAdapter } from "../src/types.js";

/**
 * Answers from a saved predictions file: ours (`{"benchmark","id","text"}`, e.g. another
 * run's predictions.jsonl) or a LLaVA answer file (`{"question_id","prompt","text"}`).
 * LLaVA ids are matched against the sample's `meta.question_id`; where one id names several
 * samples (POPE's ids restart per split) the answer's `prompt` must tell them apart.
 */
export async function createReplayAdapter(file: string, settings: GenerationSettings): Promise<ModelAdapter> {
  if (file === "") throw new UsageError(`replay needs a file: --model replay:path/to/predictions.jsonl`);
  let digest: string;
  try {
    digest = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12);
  } catch (error) {
    throw new UsageError(`replay: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`);
  }
  const answers = await readAnswerFile(file);
  const find = (request: GenerateRequest) =>
    request.sample === undefined ? undefined : findAnswer(answers, { ...request.sample, prompt: request.prompt });

  return {
    id: `replay:${path.basename(file)}#${digest}`,
    kind: "replay",
    name: file,
    settings,
    async generate(request) {
      const answer = find(request);
      if (answer === undefined) {
        const which = request.sample ? `${request.sample.benchmark} ${request.sample.id}` : "this sample";
        throw new AdapterError(`replay: ${file} holds no answer for ${which}.`);
      }
      return { text: answer.text, latencyMs: 0 };
    },
  };
}

export const replayAdapter: AdapterFactory = {
  kind: "replay",
  description: "replay:FILE — answers from a saved predictions.jsonl or a LLaVA answer file",
  create: (spec) => createReplayAdapter(spec.name, spec.settings),
};
