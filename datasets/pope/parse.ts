import { pythonStrip } from "../../src/python-text.js";
import type { PopeLabel } from "./loader.js";

/**
 * The answer rule of LLaVA's official eval_pope.py, reproduced quirk for quirk because the
 * published numbers depend on it: keep the text before the first ".", delete commas, split on
 * single spaces (not whitespace runs, so "No\nthere" is one token), and answer "no" iff a token
 * is exactly "No", "not" or "no". Everything else, including "NO", "Nope" and "", is "yes", so
 * the result is never unparsed. Surrounding whitespace is stripped first, as LLaVA's runner does
 * (with Python's notion of whitespace).
 */
export function parsePope(text: string): PopeLabel {
  let first = pythonStrip(text);
  const dot = first.indexOf(".");
  if (dot !== -1) first = first.slice(0, dot);
  const words = first.replaceAll(",", "").split(" ");
  return words.some((word) => word === "No" || word === "not" || word === "no") ? "no" : "yes";
}
