/**
 * MMVP's option strings: `(a) Open (b) Closed` → ["Open", "Closed"]. Letters must run a, b, c…
 * in order; anything else is reported by the loader as a bad row.
 */
export function splitOptions(options: string): string[] | null {
  const marks = [...options.matchAll(/\(([a-z])\)/gi)];
  if (marks.length < 2 || marks[0]!.index !== options.search(/\S/)) return null;
  const texts: string[] = [];
  for (let i = 0; i < marks.length; i++) {
    if (marks[i]![1]!.toLowerCase() !== letterAt(i)) return null;
    const start = marks[i]!.index! + marks[i]![0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : options.length;
    const text = options.slice(start, end).trim();
    if (text === "") return null;
    texts.push(text);
  }
  return texts;
}

/** 0 → "a", 1 → "b", … */
export const letterAt = (index: number): string => String.fromCharCode(97 + index);

/** `(a)`, `a`, ` (B) ` → "a"/"b"; null when the text is not one bracketed or bare letter. */
export function answerLetter(text: string): string | null {
  const m = /^\s*\(?([a-z])\)?\s*$/i.exec(text);
  return m === null ? null : m[1]!.toLowerCase();
}
