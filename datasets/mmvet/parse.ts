import { pythonStrip } from "../../src/python-text.js";

/**
 * MM-Vet has no answer format to parse: the judge reads the whole answer. LLaVA's runner strips
 * it (Python's str.strip()), and that text is what the grader row holds, so nothing is unparsed.
 */
export function parseMmvet(text: string): string {
  return pythonStrip(text);
}
