import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { vqaAccuracy } from "../../../datasets/vqav2/accuracy.js";
import { CONTRACTIONS } from "../../../datasets/vqav2/contractions.js";
import { evalAIAnswer } from "../../../datasets/vqav2/normalize.js";

/**
 * A differential check: LLaVA's EvalAIAnswerProcessor and the current official vqaEval.py
 * accuracy, re-stated in Python from their definitions and run by python3, against our code on
 * seeded random strings built from the characters and words the rules are sensitive to.
 * (The contraction table is passed in; its entries are checked in normalize.test.ts.)
 */
const PYTHON_RULES = String.raw`
import json, re, sys
data = json.load(sys.stdin)
CONTRACTIONS = data["contractions"]
NUMBERS = {"none": "0", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
           "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10"}
ARTICLES = ["a", "an", "the"]
PERIOD_STRIP = re.compile(r"(?!<=\d)(\.)(?!\d)")
EVALAI_COMMA = re.compile(r"(?<=\d)(\,)+(?=\d)")
VQA_COMMA = re.compile(r"(\d)(\,)(\d)")
PUNCT = [";", r"/", "[", "]", '"', "{", "}", "(", ")", "=", "+", "\\", "_", "-", ">", "<", "@", "${"`"}", ",", "?", "!"]

def punctuation(in_text, comma):
    out_text = in_text
    for p in PUNCT:
        if (p + " " in in_text or " " + p in in_text) or (re.search(comma, in_text) is not None):
            out_text = out_text.replace(p, "")
        else:
            out_text = out_text.replace(p, " ")
    return PERIOD_STRIP.sub("", out_text, re.UNICODE)

def digit_article(in_text):
    out = []
    for word in in_text.lower().split():
        word = NUMBERS.setdefault(word, word)
        if word not in ARTICLES:
            out.append(word)
    for i, word in enumerate(out):
        if word in CONTRACTIONS:
            out[i] = CONTRACTIONS[word]
    return " ".join(out)

def evalai(item):
    item = item.lower().replace(",", "").replace("?", "").replace("'s", " 's").strip()
    item = item.replace("\n", " ").replace("\t", " ").strip()
    return digit_article(punctuation(item, EVALAI_COMMA))

def accuracy(res, answers):
    answers = [{"answer": a.replace("\n", " ").replace("\t", " ").strip(), "answer_id": i} for i, a in enumerate(answers)]
    res = res.replace("\n", " ").replace("\t", " ").strip()
    if len(set(a["answer"] for a in answers)) > 1:
        for a in answers:
            a["answer"] = digit_article(punctuation(a["answer"], VQA_COMMA))
        res = digit_article(punctuation(res, VQA_COMMA))
    accs = []
    for gt in answers:
        others = [item for item in answers if item != gt]
        matching = [item for item in others if item["answer"] == res]
        accs.append(min(1, float(len(matching)) / 3))
    return float(sum(accs)) / len(accs)

processed = [evalai(t) for t in data["texts"]]
scores = [accuracy(p, answers) for p, answers in zip(processed, data["answers"])]
json.dump({"processed": processed, "scores": scores}, sys.stdout)
`;

const PIECES = [
  "a",
  "an",
  "the",
  "The",
  "two",
  "Two",
  "none",
  "ten",
  "dont",
  "isnt",
  "Im",
  "man's",
  "1",
  "2",
  "٣",
  "1,000",
  "٣,٥",
  ",",
  "?",
  ".",
  "..",
  "!",
  "-",
  " - ",
  "(",
  ")",
  "/",
  "$",
  "'",
  "'s",
  " ",
  "  ",
  "\t",
  "\n",
  "\x1c",
  "\u00a0",
  "\u3000",
  "yes",
  "No",
  "red",
];

function makeRng(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomText(next: () => number, maxPieces: number): string {
  return Array.from({ length: Math.floor(next() * maxPieces) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
}

describe("VQA answer processing and accuracy agree with the official rules run in Python", () => {
  it("on 3,000 random answers against random sets of ten human answers", () => {
    const next = makeRng(2017);
    const texts = Array.from({ length: 3000 }, () => randomText(next, 7));
    // Human answers drawn from a small pool so that matches, ties and unanimity all occur.
    const answers = texts.map(() => {
      const pool = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomText(next, 3));
      return Array.from({ length: 10 }, () => pool[Math.floor(next() * pool.length)]!);
    });
    texts.push("x" + ".".repeat(40), "1.5" + " end.".repeat(33), "٣,٥", "1,000");
    answers.push(
      Array(10).fill("x"),
      Array(10).fill("1.5"),
      [...Array(5).fill("٣,٥"), ...Array(5).fill("x")],
      [...Array(6).fill("1,000"), ...Array(4).fill("1000!")],
    );
    const input = JSON.stringify({ contractions: Object.fromEntries(CONTRACTIONS), texts, answers });
    const python = JSON.parse(execFileSync("python3", ["-c", PYTHON_RULES], { input, encoding: "utf8" })) as {
      processed: string[];
      scores: number[];
    };
    const processed = texts.map(evalAIAnswer);
    expect(processed.filter((p, i) => p !== python.processed[i])).toEqual([]);
    const scores = processed.map((p, i) => vqaAccuracy(p, answers[i]!));
    const mismatches = scores.flatMap((s, i) =>
      s === python.scores[i] ? [] : [{ text: texts[i], answers: answers[i], ours: s, python: python.scores[i] }],
    );
    expect(mismatches).toEqual([]);
    // The test must exercise every outcome, or it proves little.
    expect(new Set(python.scores.map((s) => (s === 0 ? "zero" : s === 1 ? "one" : "partial")))).toEqual(
      new Set(["zero", "one", "partial"]),
    );
  });
});
