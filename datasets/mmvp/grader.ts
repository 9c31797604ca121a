import type { Judge, Sample } from "../../src/types.js";
import { graderFile } from "../grader-file.js";

interface MmvpGraderFile {
  source: string;
  system: string;
  template: string;
  temperature: number;
}

export const mmvpGrader = (): MmvpGraderFile => graderFile<MmvpGraderFile>("mmvp");

/** Enough for "yes"/"no"; the official script sets no limit, and any longer reply counts as no verdict anyway. */
export const MMVP_GRADER_MAX_TOKENS = 8;

/** The official grader question: MMVP's own prompt (Question + " " + Options), the Correct Answer cell, the answer. */
export function mmvpGraderPrompt(sample: Sample<string>, answer: string): string {
  const question = `${sample.question} ${String(sample.meta.options)}`;
  return mmvpGrader()
    .template.replace("{question}", () => question)
    .replace("{correct_answer}", () => String(sample.meta.answer))
    .replace("{model_response}", () => answer);
}

export type MmvpVerdict = "yes" | "no" | "undetermined";

/**
 * gpt_grader.py: `re.match(r"^(yes|no)$", reply, re.IGNORECASE)`, then `reply.lower() == "yes"`.
 * Python's `$` also matches before one final newline, but the returned "yes\n" is then not
 * "yes", so such a reply is no verdict (not correct) here too; anything else is no verdict.
 */
export function parseVerdict(reply: string): MmvpVerdict {
  const m = /^(yes|no)$/i.exec(reply);
  return m === null ? "undetermined" : (m[1]!.toLowerCase() as "yes" | "no");
}

/** Asks the judge whether the answer is correct; "yes" is correct, "no" and no verdict are not (as in the official script). */
export async function judgeMmvp(judge: Judge, sample: Sample<string>, answer: string): Promise<{ verdict: MmvpVerdict; reply: string }> {
  const { system, temperature } = mmvpGrader();
  const reply = await judge.ask({
    system,
    prompt: mmvpGraderPrompt(sample, answer),
    maxTokens: MMVP_GRADER_MAX_TOKENS,
    temperature,
    sample: { benchmark: sample.benchmark, id: sample.id },
  });
  return { verdict: parseVerdict(reply), reply };
}
