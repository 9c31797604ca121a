import { pythonStrip } from "../../src/python-text.js";
import type { Judge, Sample } from "../../src/types.js";
import { graderFile } from "../grader-file.js";

interface MmvetGraderFile {
  source: string;
  prompt: string;
  retry_suffix: string;
}

/** The official grader's settings (mm-vet_evaluator.py). */
export const MMVET_GRADER = {
  maxTokens: 3,
  temperature: 0,
  /** Requests after the first one whose reply was not a score. */
  retries: 5,
  /** Added to the temperature after each retry request. */
  temperatureStep: 0.5,
} as const;

export const mmvetGrader = (): MmvetGraderFile => graderFile<MmvetGraderFile>("mmvet");

/** The sample's table row: question | ground truth (with <AND>/<OR> spaced) | prediction | (blank). */
export function graderRow(question: string, answer: string, prediction: string): string {
  const truth = answer.replaceAll("<AND>", " <AND> ").replaceAll("<OR>", " <OR> ");
  return [question, truth, prediction, ""].join(" | ");
}

/** The exact text the judge receives: the few-shot prompt, a newline, the row (+ the retry suffix). */
export function graderPrompt(question: string, answer: string, prediction: string, retry = false): string {
  const { prompt, retry_suffix } = mmvetGrader();
  return prompt + "\n" + graderRow(question, answer, prediction) + (retry ? retry_suffix : "");
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_FLOAT = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?$`);
const PY_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
// float() strips Unicode whitespace except U+001C–U+001F, which str.strip() does remove.
const FLOAT_SPACE = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_SPACE = new RegExp(`^[${FLOAT_SPACE}]+|[${FLOAT_SPACE}]+$`, "g");

/**
 * Python's float() on a string, or null where it raises: decimal and exponent forms, "_" between
 * digits, surrounding whitespace, and inf/infinity/nan in any case. (Python also accepts non-ASCII
 * decimal digits such as "٠.٥"; those are treated as not a number here.)
 */
export function pythonFloat(text: string): number | null {
  const s = text.replace(PY_SPACE, "");
  if (PY_FLOAT.test(s)) return Number(s.replaceAll("_", ""));
  const special = PY_SPECIAL.exec(s);
  if (special === null) return null;
  if (special[2]!.toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

/**
 * The official reading of a grader reply: the text before the first space, stripped, as a
 * Python float, accepted when within [0, 1]. Deliberate fix: NaN is rejected too (the official
 * range check lets float("nan") through, which makes every mean NaN).
 */
export function parseGraderReply(reply: string): number | null {
  const value = pythonFloat(pythonStrip(reply.split(" ")[0]!));
  if (value === null || Number.isNaN(value) || value < 0 || value > 1) return null;
  return value;
}

export interface MmvetGrade {
  score: number;
  /** Every reply, in order (1 to 6). */
  replies: string[];
  /** True when no reply was a score and the official fallback 0 was given. */
  exhausted: boolean;
}

/**
 * Grades one answer in one judge run exactly as mm-vet_evaluator.py does: ask with the plain
 * row at temperature 0; while the reply is not a score, ask again with the retry suffix —
 * the first retry at temperature 0, each later one 0.5 higher (0, 0.5, 1.0, 1.5, 2.0); after
 * the fifth retry the score is 0 without reading its reply.
 */
export async function gradeMmvet(judge: Judge, sample: Sample<string>, prediction: string, run: number): Promise<MmvetGrade> {
  const ask = (retry: boolean, temperature: number) =>
    judge.ask({
      prompt: graderPrompt(sample.question, sample.target, prediction, retry),
      maxTokens: MMVET_GRADER.maxTokens,
      temperature,
      run,
      sample: { benchmark: sample.benchmark, id: sample.id },
    });
  const replies = [await ask(false, MMVET_GRADER.temperature)];
  for (let retry = 1; retry <= MMVET_GRADER.retries; retry++) {
    const score = parseGraderReply(replies[replies.length - 1]!);
    if (score !== null) return { score, replies, exhausted: false };
    replies.push(await ask(true, MMVET_GRADER.temperature + MMVET_GRADER.temperatureStep * (retry - 1)));
  }
  return { score: 0, replies, exhausted: true };
}
