import { pythonStrip } from "../../src/python-text.js";

/**
 * MME's official calculation.py answer rule: lower-case; exactly "yes" or "no" is taken as is;
 * otherwise only the first four characters are read: containing "yes" → yes, else containing
 * "no" → no, else "other" (wrong, returned here as null so it counts as unparsed). So "Eyes" →
 * yes and "snow" → no, while "There is no dog." → other. The output is stripped first, as
 * LLaVA's runner does.
 */
export function parseMme(text: string): "yes" | "no" | null {
  const answer = pythonStrip(text).toLowerCase();
  if (answer === "yes" || answer === "no") return answer;
  const prefix = Array.from(answer.slice(0, 8)).slice(0, 4).join(""); // Python slices code points
  if (prefix.includes("yes")) return "yes";
  if (prefix.includes("no")) return "no";
  return null;
}
