import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mmvpGraderPrompt, parseVerdict } from "../../../datasets/mmvp/grader.js";
import { mmvpMetrics, scoreMmvp } from "../../../datasets/mmvp/score.js";
import { packageRoot } from "../../../src/package-info.js";
import type { ItemResult, Sample } from "../../../src/types.js";
import { serverJudge, userText } from "../../helpers/judge.js";
import { reply, ScriptedServer } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const sample = (n: number, target: string): Sample<string> => ({
  id: String(n),
  benchmark: "mmvp",
  images: [],
  question: "Is the door open or closed?",
  prompt: "",
  choices: ["Open", "Closed"],
  target,
  meta: { pair: Math.ceil(n / 2), options: "(a) Open (b) Closed", answer: `(${target})` },
});
const item = (pair: number, correct: 0 | 1): ItemResult => ({ id: "x", parsed: null, correct, meta: { pair } });

describe("mmvpMetrics (hand-worked)", () => {
  it.each([
    [[item(1, 1), item(1, 1), item(2, 1), item(2, 0)], { accuracy: 0.5, question_accuracy: 0.75 }],
    [[item(1, 0), item(1, 1), item(2, 1), item(2, 0)], { accuracy: 0, question_accuracy: 0.5 }],
    [[item(1, 1), item(1, 1), item(2, 1)], { accuracy: 1, question_accuracy: 1 }], // pair 2 incomplete: not a pair
    [[item(1, 1)], { question_accuracy: 1 }],
    [[], {}],
  ])("%# → %j", (items, metrics) => {
    expect(mmvpMetrics(items)).toEqual(metrics);
  });
});

describe("the MMVP judge fallback", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => server?.close());

  it.each([
    ["yes", "yes"],
    ["Yes", "yes"],
    ["NO", "no"],
    ["Yes.", "undetermined"],
    ["yes, it does", "undetermined"],
    ["", "undetermined"],
    // gpt_grader.py's $ lets one final newline match, but it then returns reply.lower() = "yes\n",
    // which is not == "yes": the answer is not counted correct. Same for "no\n" (not correct either way).
    ["yes\n", "undetermined"],
    ["Yes\n", "undetermined"],
    ["no\n", "undetermined"],
  ])("verdict %j → %s (gpt_grader.py's ^(yes|no)$)", (text, verdict) => {
    expect(parseVerdict(text)).toBe(verdict);
  });

  it("the grader question is the official template, verbatim from the data file", () => {
    const file = JSON.parse(readFileSync(path.join(packageRoot, "datasets/mmvp/grader-prompt.json"), "utf8"));
    expect(file.source).toMatch(/github\.com\/tsb0601\/MMVP\/.*gpt_grader\.py$/);
    expect(mmvpGraderPrompt(sample(1, "a"), "It is open")).toBe(
      "Given the following question Is the door open or closed? (a) Open (b) Closed, the correct answer is (a). " +
        "Does the following answer correctly answers the question, answer:It is open?",
    );
  });

  it("without a judge an unparsed answer is wrong; with one, only unparsed answers are sent and its yes counts", async () => {
    const samples = [sample(1, "a"), sample(2, "b"), sample(3, "a"), sample(4, "b")];
    const outputs = new Map([
      ["1", "(a)"],
      ["2", "It looks shut to me"],
      ["3", "b"],
      ["4", "Hard to say"],
    ]);
    const parsed = ["a", null, "b", null];
    const alone = await scoreMmvp(samples, parsed, { outputs });
    expect(alone.items.map((i) => i.correct)).toEqual([1, 0, 0, 0]);
    expect(alone.metrics).toEqual({ accuracy: 0, question_accuracy: 0.25 });

    server = await ScriptedServer.start({ answer: (req) => reply.completion(req.body.includes("shut") ? "Yes" : "No") });
    const judge = serverJudge(server, tempDir());
    const judged = await scoreMmvp(samples, parsed, { outputs, judge });
    expect(server.received).toHaveLength(2);
    expect(server.json(0)).toMatchObject({
      temperature: 0.2,
      messages: [{ role: "system", content: expect.stringMatching(/answer in only yes or no/) }, {}],
    });
    expect(userText(server, 0)).toMatch(/answer:(It looks shut to me|Hard to say)\?$/);
    expect(judged.items.map((i) => i.correct)).toEqual([1, 1, 0, 0]);
    expect(judged.items[1]!.meta).toMatchObject({ judge: "yes", judge_reply: "Yes" });
    expect(judged.metrics).toEqual({ accuracy: 0.5, question_accuracy: 0.5 });
  });
});
