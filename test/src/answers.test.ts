import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledDataDir } from "../../datasets/index.js";
import { mmvet } from "../../datasets/mmvet/index.js";
import { mmvp } from "../../datasets/mmvp/index.js";
import { pope } from "../../datasets/pope/index.js";
import { findAnswer, readAnswerFile } from "../../src/answers.js";
import type { Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

const SHORT = "\nAnswer the question using a single word or phrase.";
const writeLines = (rows: unknown[]) => {
  const file = path.join(tempDir(), "answers.jsonl");
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return file;
};

describe("LLaVA's merged POPE question file (llava_pope_test.jsonl)", () => {
  // LLaVA numbers adversarial k as k, random k as 10000000 + k, popular k as 20000000 + k, and
  // eval_pope.py maps each question_id to its category. The same question (same prompt) often
  // appears in several splits, so the prompt cannot tell them apart: the id must.
  let samples: Sample[];
  beforeAll(async () => {
    samples = await pope.load(bundledDataDir(pope), { annotationsOnly: true });
  });

  it("matches every split's answer by LLaVA's id, even where the prompts are identical", async () => {
    const offset = { adversarial: 0, random: 10_000_000, popular: 20_000_000 } as Record<string, number>;
    const rows = samples.map((s) => ({
      question_id: offset[String(s.meta.split)]! + Number(s.meta.question_id),
      prompt: s.prompt,
      text: `answer for ${s.id}`,
      category: s.meta.split,
    }));
    // Hand-checked: question 1 asks the same thing in the random and popular splits of the mini set.
    const first = samples.filter((s) => s.meta.question_id === 1);
    expect(new Set(first.map((s) => s.prompt)).size).toBeLessThan(3);
    const answers = await readAnswerFile(writeLines(rows));
    for (const s of samples) expect(findAnswer(answers, s)?.text).toBe(`answer for ${s.id}`);
  });

  it("still reads an answer file made from one split file (ids restarting at 1)", async () => {
    const random = samples.filter((s) => s.meta.split === "random");
    const answers = await readAnswerFile(
      writeLines(random.map((s) => ({ question_id: s.meta.question_id, prompt: s.prompt, text: `r${s.id}` }))),
    );
    for (const s of random) expect(findAnswer(answers, s)?.text).toBe(`r${s.id}`);
  });
});

describe("MM-Vet answers: LLaVA's question_id i is MM-Vet's v1_i", () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await mmvet.load(bundledDataDir(mmvet), { annotationsOnly: true });
  });

  it("reads LLaVA's answer file (llava-mm-vet.jsonl numbering: question_id 0 for v1_0)", async () => {
    const rows = samples.map((s) => ({ question_id: Number(s.id.slice(3)), prompt: s.prompt, text: `t${s.id}` }));
    const answers = await readAnswerFile(writeLines(rows));
    for (const s of samples) expect(findAnswer(answers, s)?.text).toBe(`t${s.id}`);
  });

  it('reads the results JSON that MM-Vet\'s evaluator takes ({"v1_0": text}, indented, as convert_mmvet_for_eval.py writes it)', async () => {
    const file = path.join(tempDir(), "results.json");
    writeFileSync(file, JSON.stringify(Object.fromEntries(samples.map((s) => [s.id, `j${s.id}`])), null, 2));
    const answers = await readAnswerFile(file);
    expect(answers.records).toBe(samples.length);
    for (const s of samples) expect(findAnswer(answers, s)?.text).toBe(`j${s.id}`);
    // The same map on one line reads the same way.
    writeFileSync(file, JSON.stringify(Object.fromEntries(samples.map((s) => [s.id, `j${s.id}`]))));
    expect(findAnswer(await readAnswerFile(file), samples[0]!)?.text).toBe(`j${samples[0]!.id}`);
  });

  it("a file that is neither JSON lines nor a results map still names its bad line", async () => {
    const file = path.join(tempDir(), "broken.json");
    writeFileSync(file, '{"v1_0": "x",\n "v1_1": 3}\n');
    await expect(readAnswerFile(file)).rejects.toThrow(/broken\.json, line 1: not valid JSON/);
  });
});

describe("MMVP answers: the official evaluate_mllm.py file", () => {
  it('reads {"question_id": row number, "prompt", "answer", "response"} (no "text" field)', async () => {
    const samples = await mmvp.load(bundledDataDir(mmvp), { annotationsOnly: true });
    const rows = samples.map((s, i) => ({
      question_id: i + 1,
      prompt: `${s.question} ${s.meta.options}`,
      answer: s.meta.answer,
      response: `(${i % 2 === 0 ? "a" : "b"})`,
      answer_id: "x",
      model_id: "llava",
    }));
    const answers = await readAnswerFile(writeLines(rows));
    for (const [i, s] of samples.entries()) expect(findAnswer(answers, s)?.text).toBe(`(${i % 2 === 0 ? "a" : "b"})`);
  });
});

describe("LLaVA id lookup order", () => {
  it("the first of meta.llava_ids that the file holds wins; later ids are fallbacks, not rivals", async () => {
    const answers = await readAnswerFile(
      writeLines([
        { question_id: 5, prompt: `Is there a cat in the image?${SHORT}`, text: "from id 5" },
        // A prompt that differs from ours (say, an edited question file) must not send us to id 5.
        { question_id: 10000005, prompt: "Is there a cat in the image?", text: "from id 10000005" },
      ]),
    );
    const sample = {
      benchmark: "pope",
      id: "random/5",
      prompt: `Is there a cat in the image?${SHORT}`,
      meta: { llava_ids: [10000005, 5] },
    };
    expect(findAnswer(answers, sample)?.text).toBe("from id 10000005");
    expect(findAnswer(answers, { ...sample, meta: { llava_ids: [20000005, 5] } })?.text).toBe("from id 5");
  });
});

describe("a LLaVA answer given twice (a re-run appended to the file)", () => {
  it("the last one wins, as the official scripts' {question_id: answer} dicts keep the last", async () => {
    const prompt = `What color is the cat?${SHORT}`;
    const answers = await readAnswerFile(
      writeLines([
        { question_id: "201307251", prompt, text: "black" },
        { question_id: "201307251", prompt, text: "white" },
      ]),
    );
    expect(findAnswer(answers, { benchmark: "gqa", id: "201307251", prompt, meta: { question_id: "201307251" } })?.text).toBe("white");
    // Without prompts to compare (an MM-Vet results map has none) the last one wins as well.
    const bare = await readAnswerFile(
      writeLines([
        { question_id: 7, text: "a" },
        { question_id: 7, text: "b" },
      ]),
    );
    expect(findAnswer(bare, { benchmark: "vqav2", id: "7", prompt: "q" })?.text).toBe("b");
  });
});

describe("our own predictions.jsonl, read by the run folder's reader", () => {
  const record = (id: string, text: string) => ({ benchmark: "pope", id, adapter: "m", prompt_sha: "s", text, latency_ms: 1, time: "t" });
  const sample = (id: string) => ({ benchmark: "pope", id, prompt: "p" });

  it("a last line cut short by a killed run is left out (and the file left as it is); the rest is read", async () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    const cut = JSON.stringify(record("random/3", "No")).slice(0, 25);
    const text = `${JSON.stringify(record("random/1", "Yes"))}\n${JSON.stringify(record("random/2", "No"))}\n${cut}`;
    writeFileSync(file, text);
    const answers = await readAnswerFile(file);
    expect(answers.records).toBe(2);
    expect(findAnswer(answers, sample("random/2"))?.text).toBe("No");
    expect(findAnswer(answers, sample("random/3"))).toBeUndefined();
    expect(findAnswer(answers, sample("random/1"), "m")?.model).toBe("m");
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("a line in the middle that is not a prediction record names the file and line", async () => {
    const file = writeLines([record("random/1", "Yes"), { benchmark: "pope", id: "random/2", text: 7 }, record("random/3", "No")]);
    await expect(readAnswerFile(file)).rejects.toThrow(`${file}, line 2: not a prediction record`);
  });
});
