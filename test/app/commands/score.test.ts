import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { mme } from "../../../datasets/mme/index.js";
import { writeMmeDataset } from "../../../datasets/mme/make-mini.js";
import { vqav2 } from "../../../datasets/vqav2/index.js";
import { writeVqav2Dataset } from "../../../datasets/vqav2/make-mini.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
const metricsOf = (file: string) => Object.fromEntries(Object.entries<any>(readJson(file).benchmarks).map(([k, v]) => [k, v.metrics]));

describe("vlm-bench score re-scores saved answers without a model", () => {
  let run: string;
  beforeAll(async () => {
    run = path.join(tempDir(), "run");
    const result = await runCli(["run", "--out", run, "--no-progress", "--model", "baseline:random"]);
    expect(result.code).toBe(0);
  });

  it("gives exactly the run's metrics from its predictions.jsonl, and writes results.json, items.jsonl, table.md", async () => {
    const out = path.join(tempDir(), "scored");
    const result = await runCli(["score", "--predictions", path.join(run, "predictions.jsonl"), "--out", out, "--factor", "llm=none"]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(metricsOf(path.join(out, "results.json"))).toEqual(metricsOf(path.join(run, "results.json")));
    const results = readJson(path.join(out, "results.json"));
    expect(Object.keys(results.benchmarks)).toEqual(["gqa", "mme", "mmvet", "pope", "vqav2", "mmvp", "scienceqa"]);
    expect(results.model).toMatchObject({
      adapter: "baseline",
      name: "random",
      factors: { llm: "none" },
      settings: { maxTokens: 128, temperature: 0, seed: 0 },
    });
    for (const entry of Object.values<any>(results.benchmarks)) expect(entry.speed).toBeUndefined();
    expect(readJsonl(path.join(out, "items.jsonl"))).toEqual(readJsonl(path.join(run, "items.jsonl")));
    expect(readFileSync(path.join(out, "table.md"), "utf8")).toContain("tasks.OCR.acc_plus");
    expect(result.stdout).toMatch(
      /\| Model \| llm \| GQA \| MME Cog\. \| MME Per\. \| MM-Vet \| POPE Acc\. \| POPE F1 \| VQAv2 \| MMVP \| ScienceQA-IMG \|/,
    );
  });

  it("reads LLaVA answer files ({question_id, prompt, text}): MME's shared ids are told apart by prompt", async () => {
    const ours = readJsonl(path.join(run, "predictions.jsonl"));
    const text = new Map(ours.map((r) => [`${r.benchmark}/${r.id}`, r.text as string]));
    for (const benchmark of [mme, vqav2]) {
      const samples = await benchmark.load(bundledDataDir(benchmark), { annotationsOnly: true });
      // LLaVA writes the answers in its own order; reverse ours to show order does not matter.
      const llava = samples.reverse().map((s) => ({
        question_id: s.meta.question_id,
        prompt: s.prompt,
        text: text.get(`${benchmark.name}/${s.id}`),
        answer_id: "x",
        model_id: "llava-v1.5-7b",
        metadata: {},
      }));
      const file = path.join(tempDir(), `${benchmark.name}.jsonl`);
      writeFileSync(file, llava.map((l) => JSON.stringify(l)).join("\n") + "\n");
      const out = path.join(tempDir(), "llava");
      const result = await runCli(["score", "--bench", benchmark.name, "--predictions", file, "--out", out]);
      expect(result.code).toBe(0);
      const results = readJson(path.join(out, "results.json"));
      expect(results.benchmarks[benchmark.name].metrics).toEqual(
        readJson(path.join(run, "results.json")).benchmarks[benchmark.name].metrics,
      );
      expect(results.model).toMatchObject({ adapter: "llava-answers", name: "llava-v1.5-7b" });
    }
  });

  it("needs --bench for a LLaVA file, and says so (exit 2)", async () => {
    const file = path.join(tempDir(), "answers.jsonl");
    writeFileSync(file, JSON.stringify({ question_id: 1, text: "yes" }) + "\n");
    const result = await runCli(["score", "--predictions", file, "--out", path.join(tempDir(), "x")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("score needs --bench B for a LLaVA answer file");
  });

  it("an answer file matching nothing, or a broken annotation file, exits 2 and writes nothing", async () => {
    const file = path.join(tempDir(), "answers.jsonl");
    writeFileSync(file, JSON.stringify({ question_id: 999999999, text: "yes" }) + "\n");
    const out = path.join(tempDir(), "never");
    const none = await runCli(["score", "--bench", "vqav2", "--predictions", file, "--out", out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${file}: none of its 1 answers matches a VQAv2 sample`);

    const data = tempDir();
    await writeVqav2Dataset(path.join(data, "vqav2"), { images: 1, seed: 1 });
    const annotations = path.join(data, "vqav2", "v2_mscoco_val2014_annotations.json");
    const value = JSON.parse(await readFile(annotations, "utf8"));
    value.annotations[0].answers = value.annotations[0].answers.slice(0, 9);
    await writeFile(annotations, JSON.stringify(value));
    const bad = await runCli([
      "score",
      "--bench",
      "vqav2",
      "--data",
      data,
      "--predictions",
      path.join(run, "predictions.jsonl"),
      "--out",
      out,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\/annotations\/0\/answers: must NOT have fewer than 10 items/);
    expect(existsSync(out)).toBe(false);

    const ran = await runCli(["run", "--bench", "vqav2", "--data", data, "--out", out, "--no-progress"]);
    expect(ran.code).toBe(2);
    expect(existsSync(out)).toBe(false); // no model call, nothing written
  });
});

describe("VQAv2 test-dev", () => {
  it("run writes the EvalAI submission (every test-dev id, processed answers) and reports no local score", async () => {
    const data = tempDir();
    await writeVqav2Dataset(path.join(data, "vqav2"), { images: 3, seed: 4, split: "test-dev" });
    const out = path.join(tempDir(), "testdev");
    const result = await runCli(["run", "--bench", "vqav2", "--data", data, "--out", out, "--no-progress", "--model", "baseline:yes"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\| baseline:yes \| – \|/);
    const entry = readJson(path.join(out, "results.json")).benchmarks.vqav2;
    expect(entry).toMatchObject({ n: 9, metrics: {}, files: ["vqav2_test-dev_submission.json"] });
    expect(entry.note).toMatch(/no local score.*EvalAI/);
    const questions = readJson(path.join(data, "vqav2", "v2_OpenEnded_mscoco_test-dev2015_questions.json")).questions;
    const submission = readJson(path.join(out, "vqav2_test-dev_submission.json"));
    expect(submission).toEqual(questions.map((q: { question_id: number }) => ({ question_id: q.question_id, answer: "yes" })));
  });
});

describe("VQAv2 test-dev with the test2015 questions file", () => {
  it("the submission lists every test2015 id in that file's order, '' where test-dev has no answer (as LLaVA's)", async () => {
    const data = tempDir();
    const dir = path.join(data, "vqav2");
    await writeVqav2Dataset(dir, { images: 3, seed: 4, split: "test-dev" });
    const testdev = readJson(path.join(dir, "v2_OpenEnded_mscoco_test-dev2015_questions.json"));
    const extra = [
      { image_id: 1, question: "test-std only?", question_id: 999000001 },
      { image_id: 2, question: "another?", question_id: 999000002 },
    ];
    const all = [extra[0], ...testdev.questions, extra[1]];
    writeFileSync(
      path.join(dir, "v2_OpenEnded_mscoco_test2015_questions.json"),
      JSON.stringify({ ...testdev, data_subtype: "test2015", questions: all }),
    );
    const out = path.join(tempDir(), "testdev");
    const result = await runCli(["run", "--bench", "vqav2", "--data", data, "--out", out, "--no-progress", "--model", "baseline:no"]);
    expect(result.code, result.stderr).toBe(0);
    const submission = readJson(path.join(out, "vqav2_test-dev_submission.json"));
    const testdevIds = new Set(testdev.questions.map((q: { question_id: number }) => q.question_id));
    expect(submission).toEqual(
      all.map((q: { question_id: number }) => ({ question_id: q.question_id, answer: testdevIds.has(q.question_id) ? "no" : "" })),
    );
    expect(readJson(path.join(out, "results.json")).benchmarks.vqav2.n).toBe(testdev.questions.length); // only test-dev is asked
  });

  it("a test-dev question missing from the test2015 file: exit 2 before any model call, naming the file and id", async () => {
    const data = tempDir();
    const dir = path.join(data, "vqav2");
    await writeVqav2Dataset(dir, { images: 1, seed: 4, split: "test-dev" });
    const testdev = readJson(path.join(dir, "v2_OpenEnded_mscoco_test-dev2015_questions.json"));
    writeFileSync(path.join(dir, "v2_OpenEnded_mscoco_test2015_questions.json"), JSON.stringify({ questions: testdev.questions.slice(1) }));
    const out = path.join(tempDir(), "o");
    const result = await runCli(["run", "--bench", "vqav2", "--data", data, "--out", out, "--no-progress", "--model", "baseline:no"]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(result.stderr).toMatch(
      new RegExp(`test2015_questions\\.json: test-dev question_id ${testdev.questions[0].question_id} is not in it`),
    );
  });
});

describe("vlm-bench datasets check covers the four benchmarks", () => {
  it("reports complete and valid sets, the VQAv2 variant, and an invalid file (exit 2)", async () => {
    const data = tempDir();
    await writeVqav2Dataset(path.join(data, "vqav2"), { images: 1, seed: 1, split: "test-dev" });
    await writeMmeDataset(path.join(data, "MME"), { imagesPerTask: 1, seed: 1 });
    const ok = await runCli(["datasets", "check", "--data", data, "--bench", "vqav2,mme"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/VQAv2: complete \(test-dev\) in .*\n(.*\n)*  valid    3 samples/);
    expect(ok.stdout).toMatch(/MME: complete in .*MME\n(.*\n)*  valid    28 samples/);

    await mkdir(path.join(data, "gqa"));
    await writeFile(
      path.join(data, "gqa", "testdev_balanced_questions.json"),
      JSON.stringify({ "1": { question: "q", imageId: "n1", answer: "a" } }),
    );
    await mkdir(path.join(data, "gqa", "images"));
    const bad = await runCli(["datasets", "check", "--data", data, "--bench", "gqa"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/INVALID .*testdev_balanced_questions\.json: \/1: missing field "isBalanced"/);
  });
});
