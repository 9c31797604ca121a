import { UsageError } from "../../src/errors.js";

/**
 * Splits a command line into argv as a POSIX shell would for plain words: whitespace separates
 * words; '…' keeps everything literally; "…" keeps everything except that \" \\ \$ \` and
 * \newline are escapes; a backslash outside quotes escapes the next character. No shell runs,
 * so expansions, redirections and pipes are refused rather than passed on as literal text.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const fail = (what: string) => {
    throw new UsageError(
      `command "${text}": ${what}. The command adapter runs the program directly, without a shell: ` +
        `give the program and its arguments only (quote with '…' or "…"), or wrap a pipeline in a script.`,
    );
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail("unterminated ' quote");
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= "";
      for (i++; ; i++) {
        if (i >= text.length) fail('unterminated " quote');
        const d = text[i]!;
        if (d === '"') break;
        if (d === "\\" && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          i++;
          if (text[i] !== "\n") word += text[i];
        } else if (d === "$" || d === "`") {
          fail(`"${d}" inside "…" asks for shell expansion`);
        } else {
          word += d;
        }
      }
    } else if (c === "\\") {
      if (i + 1 >= text.length) fail("trailing backslash");
      i++;
      if (text[i] !== "\n") word = (word ?? "") + text[i];
    } else if ("|&;<>()$`".includes(c) || (c === "~" && word === null) || (c === "#" && word === null)) {
      fail(`unquoted "${c}" is shell syntax`);
    } else if (c === "*" || c === "?") {
      fail(`unquoted "${c}" is a shell wildcard`);
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  if (words.length === 0) fail("no program given");
  return words;
}
