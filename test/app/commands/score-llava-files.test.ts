import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { pope } from "../../../datasets/pope/index.js";
import { promptSha } from "../../../src/store.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("vlm-bench score on LLaVA's POPE answer file (merged llava_pope_test.jsonl numbering)", () => {
  let run: string;
  beforeAll(async () => {
    run = path.join(tempDir(), "run");
    const result = await runCli(["run", "--bench", "pope", "--out", run, "--no-progress", "--model", "baseline:random"]);
    expect(result.code).toBe(0);
  });

  it("gives the run's own per-split metrics, though the same question appears in several splits", async () => {
    const text = new Map(readJsonl(path.join(run, "predictions.jsonl")).map((r) => [r.id as string, r.text as string]));
    const samples = await pope.load(bundledDataDir(pope), { annotationsOnly: true });
    const offset: Record<string, number> = { adversarial: 0, random: 10_000_000, popular: 20_000_000 };
    // LLaVA's order: adversarial, random, popular; its prompt is the text + the short-answer suffix.
    const order = ["adversarial", "random", "popular"];
    const rows = [...samples]
      .sort((a, b) => order.indexOf(String(a.meta.split)) - order.indexOf(String(b.meta.split)))
      .map((s) => ({
        question_id: offset[String(s.meta.split)]! + Number(s.meta.question_id),
        prompt: s.prompt,
        text: text.get(s.id),
        answer_id: "x",
        model_id: "llava-v1.5-7b",
        metadata: {},
      }));
    const file = path.join(tempDir(), "llava-v1.5-7b.jsonl");
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = path.join(tempDir(), "scored");
    const result = await runCli(["score", "--bench", "pope", "--predictions", file, "--out", out]);
    expect(result.code).toBe(0);
    expect(readJson(path.join(out, "results.json")).benchmarks.pope.metrics).toEqual(
      readJson(path.join(run, "results.json")).benchmarks.pope.metrics,
    );
  });
});

describe("vlm-bench score records the answers it scored in predictions.jsonl, so reports show the raw output", () => {
  let samples: Awaited<ReturnType<typeof pope.load>>;
  /** A LLaVA answer file for POPE's mini set (per-split question ids, as LLaVA's per-split files number them), every answer unique. */
  function llavaFile(withPrompt: boolean): string {
    const rows = samples.map((s) => ({
      question_id: Number(s.meta.question_id),
      ...(withPrompt ? { prompt: s.prompt } : {}),
      text: `Yes, I think so [${s.id}]`,
      model_id: "llava-v1.5-7b",
    }));
    const file = path.join(tempDir(), "answers.jsonl");
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    return file;
  }
  beforeAll(async () => {
    samples = await pope.load(bundledDataDir(pope), { annotationsOnly: true });
  });
  /** How a string sits in the report's embedded JSON (none of these strings holds <, > or &). */
  const embedded = (text: string) => JSON.stringify(text).slice(1, -1);

  it("a LLaVA file with prompts: records marked source answer-file, prompt_sha of the file's prompt; the report pairs them", async () => {
    const split = samples.filter((s) => s.meta.split === "adversarial");
    const out = path.join(tempDir(), "scored");
    const r = await runCli(["score", "--bench", "pope", "--predictions", llavaFile(true), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const results = readJson(path.join(out, "results.json"));
    const records = readJsonl(path.join(out, "predictions.jsonl"));
    // Per-split ids match the first split's samples only (LLaVA's merged numbering tells them apart): a partial result.
    expect(records).toHaveLength(results.benchmarks.pope.n);
    const first = records.find((x) => x.id === split[0]!.id)!;
    expect(first).toEqual({
      benchmark: "pope",
      id: split[0]!.id,
      adapter: results.model.fingerprint,
      prompt_sha: promptSha(split[0]!.prompt),
      text: `Yes, I think so [${split[0]!.id}]`,
      source: "answer-file",
      time: expect.any(String),
    });
    // An answer file reports no usage: counted as answers without usage, not as 0 tokens.
    expect(results.benchmarks.pope.usage).toEqual({ calls: records.length, reported: 0, prompt_tokens: 0, completion_tokens: 0 });

    const report = await runCli(["table", out, "--format", "html"]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(embedded(`Yes, I think so [${split[0]!.id}]`));
    expect(report.stdout).toContain(embedded(split[0]!.prompt)); // the prompt is shown: its hash matches the answer's
    expect(report.stdout).not.toContain("answers were given for a different prompt");
    expect(report.stdout).toMatch(/<tr data-usage="pope"><td>pope<\/td><td class="missing" colspan="2">not reported by the adapter<\/td>/);
  });

  it('a file without prompts: prompt_sha "" (unknown), the output shown, no prompt mismatch claimed', async () => {
    const out = path.join(tempDir(), "scored");
    const r = await runCli(["score", "--bench", "pope", "--predictions", llavaFile(false), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const records = readJsonl(path.join(out, "predictions.jsonl"));
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((x) => x.prompt_sha))).toEqual(new Set([""]));
    const report = await runCli(["table", out, "--format", "html"]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(embedded(records[0].text));
    expect(report.stdout).not.toContain("answers were given for a different prompt");
    // The prompt the model was sent is unknown, so none is shown (the image is: the sample is known by its id).
    expect(report.stdout).not.toContain(embedded(samples[0]!.prompt));
    expect(report.stdout).toMatch(/"i0":"data:image\/jpeg;base64,/);
  });

  it("our own predictions.jsonl into another folder: its records as they are, their usage summed", async () => {
    const adapter = "openai:m|max_tokens=128|temperature=0|seed=0";
    const chosen = samples.slice(0, 3);
    const lines = chosen.map((s, i) => ({
      benchmark: "pope",
      id: s.id,
      adapter,
      prompt_sha: promptSha(s.prompt),
      text: "Yes",
      latency_ms: 10 + i,
      usage: { promptTokens: 600 + i, completionTokens: 1 },
      time: "2026-01-01T00:00:00.000Z",
    }));
    const file = path.join(tempDir(), "predictions.jsonl");
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const out = path.join(tempDir(), "scored");
    const r = await runCli(["score", "--bench", "pope", "--predictions", file, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readJsonl(path.join(out, "predictions.jsonl"))).toEqual(lines);
    // 600 + 601 + 602 = 1803 prompt tokens, 3 completion tokens
    expect(readJson(path.join(out, "results.json")).benchmarks.pope.usage).toEqual({
      calls: 3,
      reported: 3,
      prompt_tokens: 1803,
      completion_tokens: 3,
    });
    // Scoring again into the same folder appends nothing twice.
    expect((await runCli(["score", "--bench", "pope", "--predictions", file, "--out", out])).code).toBe(0);
    expect(readJsonl(path.join(out, "predictions.jsonl"))).toHaveLength(3);
  });
});
