/**
 * VQA answer normalisation, rule for rule as the official tools apply it (see README.md):
 * LLaVA's EvalAIAnswerProcessor turns a model output into the submitted answer, and the
 * official vqaEval.py normalises answers again before comparing them with the human ones.
 * Python semantics are kept where they differ from JavaScript's: `\d` matches any Unicode
 * decimal digit, `split()` and `strip()` use Python's whitespace.
 */
import { pythonSplit, pythonStrip } from "../../src/python-text.js";
import { CONTRACTIONS } from "./contractions.js";

const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ["none", "0"],
  ["zero", "0"],
  ["one", "1"],
  ["two", "2"],
  ["three", "3"],
  ["four", "4"],
  ["five", "5"],
  ["six", "6"],
  ["seven", "7"],
  ["eight", "8"],
  ["nine", "9"],
  ["ten", "10"],
]);
const ARTICLES = new Set(["a", "an", "the"]);
const PUNCTUATION = [";", "/", "[", "]", '"', "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "`", ",", "?", "!"];

/** vqaEval.py's commaStrip `(\d)(\,)(\d)`. */
export const VQA_EVAL_COMMA = /\p{Nd},\p{Nd}/u;
/** EvalAIAnswerProcessor's COMMA_STRIP `(?<=\d)(\,)+(?=\d)`: one or more commas between digits. */
export const EVALAI_COMMA = /(?<=\p{Nd}),+(?=\p{Nd})/u;

/**
 * The official periodStrip `(?!<=\d)(\.)(?!\d)`: the first group was meant as a look-behind but
 * is a look-ahead for the text "<=digit", which never follows a ".", so the rule is "delete a
 * period not followed by a digit". The call passes `re.UNICODE` (= 32) where `count` goes, so
 * only the first 32 such periods are deleted.
 */
const PERIOD = /\.(?!\p{Nd})/gu;
const PERIOD_CAP = 32;

/**
 * The punctuation rule: each mark is deleted when it touches a space in the *input* text (or
 * when the input has a digit-comma-digit), otherwise replaced by a space; then the period rule.
 */
export function processPunctuation(text: string, comma: RegExp = VQA_EVAL_COMMA): string {
  const deleteAll = comma.test(text);
  let out = text;
  for (const mark of PUNCTUATION) {
    if (!out.includes(mark)) continue; // replacing an absent mark changes nothing
    const touchesSpace = deleteAll || text.includes(mark + " ") || text.includes(" " + mark);
    out = out.replaceAll(mark, touchesSpace ? "" : " ");
  }
  let count = 0;
  return out.replace(PERIOD, (dot) => (count++ < PERIOD_CAP ? "" : dot));
}

/** Lower-case, split on whitespace, number words → digits, drop articles, restore contractions. */
export function processDigitArticle(text: string): string {
  const words: string[] = [];
  for (let word of pythonSplit(text.toLowerCase())) {
    word = NUMBER_WORDS.get(word) ?? word;
    if (!ARTICLES.has(word)) words.push(CONTRACTIONS.get(word) ?? word);
  }
  return words.join(" ");
}

/** vqaEval's first step for every answer: newlines and tabs to spaces, then strip. */
export function vqaTrim(text: string): string {
  // Fast path for the usual case (2M human answers in VQAv2 val): nothing to change, no copy.
  if (text.length > 0 && !text.includes("\n") && !text.includes("\t") && !PY_EDGE_SPACE.test(text)) return text;
  return pythonStrip(text.replaceAll("\n", " ").replaceAll("\t", " "));
}

/** Starts or ends with a character Python's strip() removes (see src/text.ts). */
const PY_EDGE_SPACE =
  /^[\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/**
 * LLaVA's EvalAIAnswerProcessor: what LLaVA submits for a model output. Lower-case; delete
 * "," and "?"; "'s" → " 's"; strip; newlines/tabs → spaces; strip; punctuation rule (with
 * EvalAI's comma pattern, which cannot match once the commas are gone); digits and articles.
 */
export function evalAIAnswer(text: string): string {
  let item = pythonStrip(text.toLowerCase().replaceAll(",", "").replaceAll("?", "").replaceAll("'s", " 's"));
  item = vqaTrim(item);
  return processDigitArticle(processPunctuation(item, EVALAI_COMMA));
}

/** vqaEval's full normalisation of one answer (applied only when the ten human answers differ). */
export function vqaNormalize(text: string): string {
  return processDigitArticle(processPunctuation(text, VQA_EVAL_COMMA));
}
