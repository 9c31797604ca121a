import { pythonStrip } from "../../src/python-text.js";
import type { Sample } from "../../src/types.js";
import { letterAt } from "./options.js";

/**
 * The single option letter an MMVP answer commits to, or null when it commits to none or to
 * several (then the judge decides, when one is configured). Rules, in order, on the stripped text:
 *
 * 1. the whole answer is one letter, bare or marked: `a`, `B`, `(a)`, `A.`, `b)`;
 * 2. it shows two or more different bracketed letters (`(a) Open (b) Closed`): ambiguous;
 * 3. it starts with a marked letter: `(B) Untied`, `A. Open`, `b) closed`, `A: open`;
 * 4. it holds exactly one bracketed option letter: `The answer is (b).`, `Answer: (a)`, `Option (b)`;
 * 5. it names one letter after "answer", "option" or "choice": `The answer is b`, `Option B.` —
 *    where "a"/"A" counts only before punctuation or the end, since "The answer is a dog" uses
 *    the article, not option a;
 * 6. it is exactly one option's text, ignoring case and a final period: `Open`, `closed.`.
 *
 * A letter beyond the options never counts (`(c)` with two options).
 */
export function parseMmvpAnswer(text: string, choices: readonly string[]): string | null {
  const t = pythonStrip(text);
  const letters = choices.map((_, i) => letterAt(i));
  const valid = (letter: string | undefined): string | null => {
    const l = (letter ?? "").toLowerCase();
    return letters.includes(l) ? l : null;
  };

  const only = /^\(?([a-z])\)?[.:]?$/i.exec(t);
  if (only !== null) return valid(only[1]);

  const bracketed = new Set([...t.matchAll(/\(([a-z])\)/gi)].map((m) => valid(m[1])).filter((l) => l !== null));
  if (bracketed.size > 1) return null;

  const leading = /^(?:\(([a-z])\)|([a-z])[.):])\s/i.exec(t);
  if (leading !== null) return valid(leading[1] ?? leading[2]);

  if (bracketed.size === 1) return [...bracketed][0]!;

  const named = new Set<string>();
  for (const m of t.matchAll(/\b(?:answer|option|choice)(?:\s+is)?\s*:?\s*([a-z])(?![a-z])/gi)) {
    const letter = m[1]!;
    const after = t.slice(m.index! + m[0].length);
    if (letter.toLowerCase() === "a" && !/^(?:$|[.,;:!?)])/.test(after)) continue; // the article
    const l = valid(letter);
    if (l !== null) named.add(l);
  }
  if (named.size === 1) return [...named][0]!;
  if (named.size > 1) return null;

  const norm = (s: string) => s.trim().replace(/\.$/, "").trim().toLowerCase();
  const exact = choices.flatMap((choice, i) => (norm(choice) === norm(t) ? [letters[i]!] : []));
  return exact.length === 1 ? exact[0]! : null;
}

export function parseMmvp(text: string, sample: Sample<string>): string | null {
  return parseMmvpAnswer(text, sample.choices ?? []);
}
