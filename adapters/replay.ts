import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AdapterError, DataError, UsageError } from "../src/errors.js";
import { readJsonLines } from "../src/json-files.js";
import type { AdapterFactory, GenerateRequest, GenerationSettings, ModelAdapter } from "../src/types.js";

interface Answer {
  text: string;
  prompt?: string;
}

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
  const ours = new Map<string, Answer>();
  const llava = new Map<string, Answer[]>();
  const rows = await readJsonLines<Record<string, unknown>>(file);
  rows.forEach((row, index) => {
    if (typeof row.text !== "string") {
      throw new DataError(`${file}, record ${index + 1}: no "text" field; a replay file holds model answers.`, { file });
    }
    const answer: Answer = { text: row.text, ...(typeof row.prompt === "string" ? { prompt: row.prompt } : {}) };
    if (typeof row.benchmark === "string" && typeof row.id === "string") {
      ours.set(`${row.benchmark}\u0000${row.id}`, answer); // the last answer for a sample wins
    } else if (row.question_id !== undefined) {
      const key = String(row.question_id);
      llava.set(key, [...(llava.get(key) ?? []), answer]);
    } else {
      throw new DataError(`${file}, record ${index + 1}: neither {"benchmark","id"} nor {"question_id"}.`, { file });
    }
  });

  const find = (request: GenerateRequest): Answer | undefined => {
    const sample = request.sample;
    if (sample === undefined) return undefined;
    const own = ours.get(`${sample.benchmark}\u0000${sample.id}`);
    if (own !== undefined) return own;
    const candidates = llava.get(String(sample.meta?.question_id ?? sample.id)) ?? [];
    if (candidates.length <= 1) return candidates[0];
    return candidates.find((c) => c.prompt === request.prompt) ?? candidates.find((c) => c.prompt !== undefined && request.prompt.startsWith(c.prompt));
  };

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
