import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gradeMmvet, graderPrompt, graderRow, parseGraderReply, pythonFloat } from "../../../datasets/mmvet/grader.js";
import { packageRoot } from "../../../src/package-info.js";
import type { Sample } from "../../../src/types.js";
import { serverJudge, userText } from "../../helpers/judge.js";
import { reply, ScriptedServer } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const sample: Sample<string> = {
  id: "v1_0",
  benchmark: "mmvet",
  images: [],
  question: "What is x in the equation?",
  prompt: "What is x in the equation?",
  target: "-1<AND>-5",
  meta: { capabilities: ["ocr", "math"] },
};

describe("the official grader prompt", () => {
  it("is kept verbatim in a data file that names its source", () => {
    const file = JSON.parse(readFileSync(path.join(packageRoot, "datasets/mmvet/grader-prompt.json"), "utf8"));
    expect(file.source).toMatch(/^https:\/\/github\.com\/yuweihao\/MM-Vet\/blob\/[0-9a-f]{40}\/mm-vet_evaluator\.py$/);
    expect(file.prompt).toMatch(/^Compare the ground truth and prediction from AI models, to give a correctness score/);
    expect(file.prompt).toMatch(/\nWhat is x in the equation\? \| -1 <AND> -5 \| x = -1 or x = -5 \| 1\.0\n/);
    expect(file.prompt.endsWith("physical characteristics. | 1.0\n")).toBe(true);
    expect(file.retry_suffix).toBe("\nPredict the correctness of the answer (digit): ");
  });

  it.each([
    ["-1<AND>-5", "x = -1", "What is x? | -1 <AND> -5 | x = -1 | "],
    ["a<OR>b<OR>c", "b", "What is x? | a <OR> b <OR> c | b | "],
    ["plain", "", "What is x? | plain |  | "],
  ])("row for ground truth %j and prediction %j", (answer, prediction, row) => {
    expect(graderRow("What is x?", answer, prediction)).toBe(row);
  });

  it("is the prompt, a newline, the row, and on retry the suffix", () => {
    const plain = graderPrompt("Q?", "A", "P");
    expect(plain.endsWith("| 1.0\n\nQ? | A | P | ")).toBe(true);
    expect(graderPrompt("Q?", "A", "P", true)).toBe(plain + "\nPredict the correctness of the answer (digit): ");
  });
});

describe("reading a grader reply (first space-separated token as a float in [0, 1])", () => {
  it.each([
    ["0.4 The", 0.4],
    [".9", 0.9],
    ["1.0", 1],
    ["0", 0],
    ["1", 1],
    ["0.", 0],
    ["\n0.6", 0.6],
    ["0.5\n", 0.5],
    ["0.5\x1c", 0.5], // str.strip() removes U+001C before float() sees it
    ["+0.3", 0.3],
    ["1e-1", 0.1],
    ["0.7.", null],
    ["1.5", null],
    ["-0.1", null],
    ["Correctness: 0.6", null],
    [" 0.4", null], // the first token is the empty string
    ["nan", null], // deliberate fix: the official script accepts NaN
    ["NaN", null],
    ["inf", null],
    ["-Infinity", null],
    ["N/A", null],
    ["", null],
    ["0,5", null],
  ])("%j → %s", (text, score) => {
    expect(parseGraderReply(text)).toBe(score);
  });

  it("pythonFloat agrees with python3's float() on 2,000 seeded strings", () => {
    const pieces = ["0", "1", "5", ".", "_", "e", "E", "-", "+", " ", "\t", "\n", "nan", "inf", "Infinity", "x", "\u00a0", "\x1c"];
    let state = 7;
    const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const inputs = Array.from({ length: 2000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 5) }, () => pieces[Math.floor(next() * pieces.length)]).join(""),
    );
    const script = `
import json, sys
out = []
for t in json.load(sys.stdin):
    try:
        v = float(t)
        out.append("nan" if v != v else repr(v))
    except ValueError:
        out.append(None)
json.dump(out, sys.stdout)`;
    const python = JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify(inputs), encoding: "utf8" })) as (
      | string
      | null
    )[];
    const ours = inputs.map((t) => {
      const v = pythonFloat(t);
      return v === null ? null : Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v;
    });
    const mismatches = inputs.filter((_, i) => {
      const p = python[i];
      const o = ours[i];
      return p === null || o === null || typeof o === "string" ? p !== o : Number(p) !== o;
    });
    expect(mismatches).toEqual([]);
    expect(python.filter((p) => p !== null).length).toBeGreaterThan(100);
  });
});

describe("grading with retries, against a real judge server", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  async function grade(...replies: string[]) {
    server = await ScriptedServer.start({ answer: () => reply.completion("unexpected extra request") });
    server.script(...replies.map((r) => reply.completion(r)));
    const judge = serverJudge(server, tempDir());
    const result = await gradeMmvet(judge, sample, "x = -1", 0);
    const sent = server.received.map((_, i) => ({
      text: userText(server, i),
      temperature: server.json(i).temperature,
      max_tokens: server.json(i).max_tokens,
    }));
    return { result, sent };
  }

  it.each([
    [["0.4 The"], 0.4],
    [[".9"], 0.9],
    [["1.5", "0.5"], 0.5],
    [["-0.1", "0.2"], 0.2],
    [["Correctness: 0.6", "0.6"], 0.6],
    [["nan", "0.3"], 0.3],
    [["N/A", "N/A", "N/A", "0.8"], 0.8],
  ])("replies %j → %s", async (replies, score) => {
    const { result, sent } = await grade(...replies);
    expect(result).toEqual({ score, replies, exhausted: false });
    expect(sent).toHaveLength(replies.length);
    expect(sent.every((s) => s.max_tokens === 3)).toBe(true);
    expect(sent[0]!.text).toBe(graderPrompt(sample.question, sample.target, "x = -1"));
    for (const s of sent.slice(1)) expect(s.text).toBe(graderPrompt(sample.question, sample.target, "x = -1", true));
  });

  it("six N/A → 0, at temperatures 0, 0, 0.5, 1, 1.5, 2 (the official loop; the sixth reply is not read)", async () => {
    const { result, sent } = await grade("N/A", "N/A", "N/A", "N/A", "N/A", "0.9");
    expect(result).toEqual({ score: 0, replies: ["N/A", "N/A", "N/A", "N/A", "N/A", "0.9"], exhausted: true });
    expect(sent.map((s) => s.temperature)).toEqual([0, 0, 0.5, 1, 1.5, 2]);
  });
});
