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
 * the caller then parses the whole text to report the error. Throws DuplicateKeyFound when an
 * object (the document or one inside an element) repeats a key.
 */
export function forEachArrayElement(text: string, key: string, visit: (json: string, index: number) => void): boolean {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return false;
  i++;
  const names = new Set<string>();
  let visited = false;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== QUOTE) return false;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return false;
    const name = text.slice(i + 1, keyEnd - 1);
    // A second `key` would be the one JSON.parse keeps: refuse rather than read the first.
    if (names.has(name)) throw new DuplicateKeyFound(name, i);
    names.add(name);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return false;
    i = skipSpace(text, i + 1);
    if (name === key && text.charCodeAt(i) === OPEN_BRACKET) {
      i = elements(text, i, visit);
      visited = true;
    } else {
      i = valueEnd(text, i);
    }
    if (i < 0) return false;
    i = skipSpace(text, i);
    const next = text.charCodeAt(i);
    if (next === COMMA) i++;
    // The end of the object: only white space may follow (a truncated file fails here).
    else return visited && next === CLOSE_BRACE && skipSpace(text, i + 1) === text.length;
  }
}

/** Visits the element texts of the array whose `[` is at `open`; the index past its `]`, or -1. */
function elements(text: string, open: number, visit: (json: string, index: number) => void): number {
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (let index = 0; ; index++) {
    const end = valueEnd(text, i);
    if (end < 0) return -1;
    visit(text.slice(i, end), index);
    i = skipSpace(text, end);
    const next = text.charCodeAt(i);
    if (next === CLOSE_BRACKET) return i + 1;
    if (next !== COMMA) return -1;
    i = skipSpace(text, i + 1);
  }
}

/**
 * A key that appears twice in one JSON object. JSON.parse keeps the last of them, silently
 * dropping the first (a GQA question keyed by id, a second `answers` of a VQAv2 annotation), so
 * the readers refuse such a document instead. `offset` is where the second one starts.
 */
export class DuplicateKeyFound extends Error {
  constructor(
    readonly key: string,
    readonly offset: number,
  ) {
    super(`key ${JSON.stringify(key)} appears twice in one object`);
  }
}

/** Throws DuplicateKeyFound for the first object in `text` that repeats a key (at any depth). */
export function checkNoDuplicateKeys(text: string): void {
  const start = skipSpace(text, 0);
  if (start < text.length) valueEnd(text, start);
}

/**
 * Objects with more keys than this (the id-keyed GQA, ScienceQA and MM-Vet files), and those with
 * an escaped key, get a Set of their keys; the keys of smaller ones are compared in place in the
 * text, which allocates nothing per object (a VQAv2 annotation file has 2.4 M objects).
 */
const LINEAR_KEYS = 16;

// Scratch state of valueEnd, reused across calls (the scan is synchronous, never re-entered).
let keyStarts = new Int32Array(256); // where each open object's keys start and end in the text
let keyEnds = new Int32Array(256);
let levelKeys = new Int32Array(64); // per open level: index of its first key, or -1 for an array
const levelSets = new Map<number, Set<string>>();

/**
 * Index just past the JSON value starting at `start`, or -1 when it does not balance. Throws
 * DuplicateKeyFound when an object in it repeats a key.
 */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return scalarEnd(text, start);
  if (levelSets.size > 0) levelSets.clear();
  let keys = 0;
  let depth = 0;
  let expectKey = false;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      if (expectKey) {
        keys = addKey(text, i, end, keys, depth - 1);
        expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === levelKeys.length) levelKeys = grow(levelKeys);
      levelKeys[depth++] = c === OPEN_BRACE ? keys : -1;
      expectKey = c === OPEN_BRACE;
    } else if (c === COMMA) {
      expectKey = levelKeys[depth - 1]! >= 0;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const level = levelKeys[--depth]!;
      if (level >= 0) {
        keys = level;
        if (levelSets.size > 0) levelSets.delete(depth);
      }
      if (depth === 0) return i + 1;
      expectKey = false;
    }
    i++;
  }
  return -1;
}

/** Records the key whose quotes are at `open` and `end - 1` in the object at `depth`; the new key count. */
function addKey(text: string, open: number, end: number, keys: number, depth: number): number {
  const set = levelSets.get(depth);
  if (set !== undefined) {
    addToSet(set, keyText(text, open, end), open);
    return keys;
  }
  const from = levelKeys[depth]!;
  const escaped = hasBackslash(text, open, end);
  if (escaped || keys - from >= LINEAR_KEYS) {
    // "\u0061" and "a" are the same key to JSON.parse: compare decoded keys from here on.
    const decoded = new Set<string>();
    for (let k = from; k < keys; k++) decoded.add(keyText(text, keyStarts[k]!, keyEnds[k]!));
    addToSet(decoded, keyText(text, open, end), open);
    levelSets.set(depth, decoded);
    return keys;
  }
  const length = end - open;
  for (let k = from; k < keys; k++) {
    const s = keyStarts[k]!;
    if (keyEnds[k]! - s === length && sameText(text, s, open, length)) throw new DuplicateKeyFound(keyText(text, open, end), open);
  }
  if (keys === keyStarts.length) {
    keyStarts = grow(keyStarts);
    keyEnds = grow(keyEnds);
  }
  keyStarts[keys] = open;
  keyEnds[keys] = end;
  return keys + 1;
}

function addToSet(set: Set<string>, key: string, open: number): void {
  if (set.has(key)) throw new DuplicateKeyFound(key, open);
  set.add(key);
}

function hasBackslash(text: string, open: number, end: number): boolean {
  for (let k = open + 1; k < end - 1; k++) if (text.charCodeAt(k) === BACKSLASH) return true;
  return false;
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let k = 1; k < length - 1; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

function keyText(text: string, open: number, end: number): string {
  const raw = text.slice(open + 1, end - 1);
  return raw.includes("\\") ? unescapeKey(text.slice(open, end)) : raw;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function unescapeKey(json: string): string {
  try {
    return JSON.parse(json) as string;
  } catch {
    return json; // a bad escape: JSON.parse of the whole text reports it
  }
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
