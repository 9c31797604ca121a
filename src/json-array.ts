/**
 * The elements of one array property of a JSON object document, each as its own JSON text.
 *
 * Why: JSON.parse of a whole 159 MB VQAv2 annotation file makes ~2.4 M objects that all stay
 * alive until the loader has read them, and the young-generation garbage collector copies every
 * one of them — about a second of a five-second `score`. Parsing one element at a time lets the
 * objects a loader does not keep die young, where collecting them costs nothing.
 *
 * The scan only finds where each element starts and ends (strings and nesting are respected);
 * JSON.parse still does all the parsing, so what is accepted is exactly what JSON.parse accepts.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * `{"info": …, "annotations": [a, b, …]}` with key `annotations`: calls `visit` with the text
 * of a, b, … in order. Returns false when the document is not an object holding that key with an
 * array value, or its structure does not balance (elements before the fault have been visited):
 * the caller then parses the whole text to report the error.
 */
export function forEachArrayElement(text: string, key: string, visit: (json: string, index: number) => void): boolean {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return false;
  i++;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== QUOTE) return false;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return false;
    const name = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return false;
    i = skipSpace(text, i + 1);
    if (name === key && text.charCodeAt(i) === OPEN_BRACKET) return elements(text, i, visit);
    i = valueEnd(text, i);
    if (i < 0) return false;
    i = skipSpace(text, i);
    const next = text.charCodeAt(i);
    if (next === COMMA) i++;
    else return false; // end of the object (or garbage) without finding the key
  }
}

/** Visits the element texts of the array whose `[` is at `open`. */
function elements(text: string, open: number, visit: (json: string, index: number) => void): boolean {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return true;
  for (let index = 0; ; index++) {
    const end = valueEnd(text, i);
    if (end < 0) return false;
    visit(text.slice(i, end), index);
    i = skipSpace(text, end);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) return true;
    if (next !== COMMA) return false;
    i = skipSpace(text, i + 1);
  }
}

/** Index just past the JSON value starting at `start`, or -1 when it does not balance. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return scalarEnd(text, start);
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Index just past the string whose opening quote is at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Numbers, true, false, null: they end at the next delimiter. */
function scalarEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    i++;
  }
  return i === start ? -1 : i;
}

function skipSpace(text: string, start: number): number {
  let i = start;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
