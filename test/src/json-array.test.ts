import { describe, expect, it } from "vitest";
import { checkNoDuplicateKeys, DuplicateKeyFound, forEachArrayElement } from "../../src/json-array.js";
import { mulberry32, type Rng } from "../../src/random.js";

const elementsOf = (text: string, key: string) => {
  const seen: unknown[] = [];
  const ok = forEachArrayElement(text, key, (json, index) => {
    expect(index).toBe(seen.length);
    seen.push(JSON.parse(json));
  });
  return ok ? seen : null;
};

describe("forEachArrayElement: one array property's elements, one JSON text each", () => {
  it.each([
    ["the key first", '{"a":[1,2,3]}', [1, 2, 3]],
    ["after other keys of every kind", '{"info":{"x":[1,{"y":"]"}]},"n":-1.5e3,"t":true,"z":null,"s":"a,b","a":[{"q":1}]}', [{ q: 1 }]],
    ["pretty-printed", '{\n  "a": [\n    {"q": 1},\n    {"q": [2, 3]}\n  ]\n}\n', [{ q: 1 }, { q: [2, 3] }]],
    ["an empty array", '{"a": [ ]}', []],
    [
      "strings holding brackets, braces, commas and escaped quotes",
      String.raw`{"a":["}]","{[,","say \"hi\"","back\\","\\\"]"]}`,
      ["}]", "{[,", 'say "hi"', "back\\", '\\"]'],
    ],
    ["keys holding escaped quotes before it", String.raw`{"k\"a":[9],"a":[1]}`, [1]],
    ["scalars", '{"a":[1, -2.5e-3, true, false, null, "x"]}', [1, -2.5e-3, true, false, null, "x"]],
    ["nested arrays as elements", '{"a":[[1,[2]],[]]}', [[1, [2]], []]],
  ])("%s", (_name, text, expected) => {
    expect(elementsOf(text, "a")).toEqual(expected);
    expect(JSON.parse(text).a).toEqual(expected);
  });

  it.each([
    ["no such key", '{"b":[1]}'],
    ["the key is not an array", '{"a":{"x":1}}'],
    ["not an object", "[1,2]"],
    ["a truncated array", '{"a":[{"q":1},{"q":'],
    ["a string that never closes", '{"a":["abc'],
    ["a missing comma", '{"a":[1 2]}'],
    ["an empty file", ""],
  ])("%s → false (the caller parses the whole file to report it)", (_name, text) => {
    expect(elementsOf(text, "a")).toBeNull();
  });

  it("agrees with JSON.parse on 300 random documents", () => {
    const rng = mulberry32(7);
    for (let n = 0; n < 300; n++) {
      const doc: Record<string, unknown> = {};
      for (const key of ["before", "a", "after"]) doc[key] = randomValue(rng, 3);
      doc.a = Array.from({ length: Math.floor(rng() * 6) }, () => randomValue(rng, 3));
      const text = JSON.stringify(doc, null, rng() < 0.5 ? 0 : 2);
      expect(elementsOf(text, "a")).toEqual(doc.a);
    }
  });
});

describe("duplicate keys: JSON.parse keeps the last one silently, so the scans report the first repeat", () => {
  const repeat = (text: string): { key: string; offset: number } | null => {
    try {
      checkNoDuplicateKeys(text);
      return null;
    } catch (error) {
      if (!(error instanceof DuplicateKeyFound)) throw error;
      return { key: error.key, offset: error.offset };
    }
  };

  it.each([
    ["top level", '{"a":1,"b":2,"a":3}', "a", '"a":3'],
    ["nested in an array element", '{"x":[{"q":1},{"q":2,"r":0,"q":3}]}', "q", '"q":3'],
    ["an escaped spelling of the same key", String.raw`{"a":1,"\u0061":2}`, "a", String.raw`"\u0061"`],
    [
      "past the linear-search size (a Set takes over)",
      `{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(",")},"k3":0}`,
      "k3",
      '"k3":0',
    ],
  ])("%s", (_name, text, key, second) => {
    expect(repeat(text)).toEqual({ key, offset: text.lastIndexOf(second) });
  });

  it.each([
    ["the same key in sibling objects", '[{"a":1},{"a":2}]'],
    ["the same key at different depths", '{"a":{"a":{"a":1}}}'],
    ["a key equal to a string value", '{"a":"b","b":"a"}'],
    ["keys after a nested object closes", '{"o":{"k":1},"k":2}'],
    ["arrays of strings that look like keys", '{"a":["a","a"],"b":["a"]}'],
  ])("%s is not a repeat", (_name, text) => {
    expect(repeat(text)).toBeNull();
  });

  it("forEachArrayElement reports a repeat inside an element and a second array key", () => {
    expect(() => forEachArrayElement('{"a":[{"q":1,"q":2}]}', "a", () => {})).toThrow(DuplicateKeyFound);
    expect(() => forEachArrayElement('{"a":[1],"a":[2]}', "a", () => {})).toThrow(DuplicateKeyFound);
  });

  it("forEachArrayElement refuses text after the document (a truncated or concatenated file goes to the whole-file parse)", () => {
    expect(forEachArrayElement('{"a":[1]}\n', "a", () => {})).toBe(true);
    expect(forEachArrayElement('{"a":[1]', "a", () => {})).toBe(false);
    expect(forEachArrayElement('{"a":[1]}{"a":[2]}', "a", () => {})).toBe(false);
  });

  it("agrees with a Set of the parsed keys on 300 random documents", () => {
    const rng = mulberry32(11);
    for (let n = 0; n < 300; n++) {
      const text = JSON.stringify(randomValue(rng, 4));
      expect(repeat(text)).toBeNull();
      const withRepeat = text.startsWith("{") && text !== "{}" ? `${text.slice(0, -1)},${text.slice(1)}` : null;
      if (withRepeat !== null) expect(repeat(withRepeat)).not.toBeNull();
    }
  });
});

const CHARS = ['"', "\\", "[", "]", "{", "}", ",", ":", " ", "a", "é", "\n", "\u2028"];
function randomValue(rng: Rng, depth: number): unknown {
  const kind = Math.floor(rng() * (depth > 0 ? 6 : 4));
  if (kind === 0) return Math.round((rng() - 0.5) * 1e6) / 100;
  if (kind === 1) return Array.from({ length: Math.floor(rng() * 8) }, () => CHARS[Math.floor(rng() * CHARS.length)]).join("");
  if (kind === 2) return rng() < 0.5;
  if (kind === 3) return null;
  if (kind === 4) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth - 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(rng() * 4) }, (_, i) => [
      `k${i}${CHARS[Math.floor(rng() * CHARS.length)]}`,
      randomValue(rng, depth - 1),
    ]),
  );
}
