import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parsePope } from "../../../datasets/pope/parse.js";

/**
 * A differential check: the answer rule of eval_pope.py, written out in Python from its
 * definition (SPEC §4) and run by python3, against parsePope on 3,000 seeded random strings
 * built from the tokens and characters the rule is sensitive to.
 */
const PYTHON_RULE = `
import json, sys
out = []
for text in json.load(sys.stdin):
    text = text.strip()
    if text.find('.') != -1:
        text = text.split('.')[0]
    text = text.replace(',', '')
    words = text.split(' ')
    out.append('no' if ('No' in words or 'not' in words or 'no' in words) else 'yes')
json.dump(out, sys.stdout)
`;

const PIECES = [
  "No",
  "no",
  "not",
  "Not",
  "NO",
  "Nope",
  "yes",
  "Yes",
  "there",
  ",",
  " ",
  "  ",
  ".",
  "\n",
  "\t",
  "\x1c",
  "\x85",
  "\ufeff",
  "\u00a0",
  "\u3000",
];

function randomStrings(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 7) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(""),
  );
}

describe("parsePope agrees with the official rule run in Python", () => {
  it("on 3,000 random strings of the rule's sensitive pieces", () => {
    const inputs = randomStrings(3000, 20231);
    const python = JSON.parse(
      execFileSync("python3", ["-c", PYTHON_RULE], { input: JSON.stringify(inputs), encoding: "utf8" }),
    ) as string[];
    const mismatches = inputs.filter((text, i) => parsePope(text) !== python[i]);
    expect(mismatches).toEqual([]);
    expect(new Set(python)).toEqual(new Set(["yes", "no"]));
  });
});
