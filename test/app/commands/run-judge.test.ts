import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { mmvet as mmvetBenchmark } from "../../../datasets/mmvet/index.js";
import { runCli } from "../../helpers/cli.js";
import { type Answer, closedPort, reply, type ScriptedServer, serversClosedAfterEach } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const MINI = Object.values(JSON.parse(readFileSync(path.join(bundledDataDir(mmvetBenchmark), "mm-vet.json"), "utf8"))) as {
  question: string;
  answer: string;
}[];
const MMVET_QUESTIONS = MINI.length;
/** The model below answers every question alike, so questions with the same ground truth make one judge request. */
const DISTINCT = new Set(MINI.map((e) => `${e.question}\u0000${e.answer}`)).size;
const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
    : [];
const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));

const server = serversClosedAfterEach();

/** The judge's score depends on the row it is shown, so runs differ only through their seed. */
const grader: Answer = (req) => {
  const body = JSON.parse(req.body);
  return reply.completion(body.seed === 0 ? "0.5" : "1.0");
};
const args = (model: ScriptedServer, judgeUrl: string, out: string, ...extra: string[]) => [
  "run",
  "--bench",
  "mmvet",
  "--model",
  "openai:test-vlm",
  "--base-url",
  model.baseUrl,
  "--judge",
  "openai:grader",
  "--judge-base-url",
  judgeUrl,
  "--out",
  out,
  "--no-progress",
  ...extra,
];

describe("vlm-bench run with a pool of judge servers (--judge-base-url repeated)", () => {
  it("grades through every judge endpoint after checking each serves the judge model", async () => {
    const model = await server(() => reply.completion("A red circle."));
    const judgeAnswer: Answer = (req) => (req.url.endsWith("/models") ? reply.json(200, { data: [{ id: "grader" }] }) : grader(req, 0));
    const judges = [await server(judgeAnswer), await server(judgeAnswer)];
    const out = path.join(tempDir(), "out");
    const run = await runCli([...args(model, judges[0]!.baseUrl, out), "--judge-base-url", judges[1]!.baseUrl]);
    expect(run.code, run.stderr).toBe(0);
    expect(results(out).benchmarks.mmvet.metrics.total).toBe(0.5);
    for (const judge of judges) {
      expect(judge.received[0]).toMatchObject({ method: "GET", url: "/v1/models" });
      expect(judge.received.filter((r) => r.method === "POST").length).toBeGreaterThan(0);
    }
    const graded = judges.reduce((sum, j) => sum + j.received.filter((r) => r.method === "POST").length, 0);
    expect(graded).toBe(DISTINCT);
  });
});

describe("vlm-bench run with an LLM judge (MM-Vet mini set, real servers)", () => {
  it("scores MM-Vet, records the judge in results.json, and a rerun asks neither model nor judge", async () => {
    const model = await server(() => reply.completion("A red circle."));
    const judge = await server(grader);
    const out = path.join(tempDir(), "out");
    const first = await runCli(args(model, judge.baseUrl, out));
    expect(first.code, first.stderr).toBe(0);
    expect(DISTINCT).toBeLessThan(MMVET_QUESTIONS);
    expect(judge.received).toHaveLength(DISTINCT);
    expect(JSON.parse(judge.received[0]!.body)).toMatchObject({ model: "grader", max_tokens: 3, temperature: 0 });
    const mmvet = results(out).benchmarks.mmvet;
    expect(mmvet.metrics.total).toBe(0.5);
    expect(mmvet.metrics.std).toBe(0);
    expect(Object.keys(mmvet.metrics.capabilities)).toContain("rec");
    expect(mmvet.judge).toMatchObject({ model: "openai:grader", runs: 1, calls: DISTINCT, cached: MMVET_QUESTIONS - DISTINCT });
    expect(first.stdout).toMatch(/\| MM-Vet \|/);
    expect(first.stdout).toMatch(/\| openai:test-vlm \| 50\.0 \|/);
    expect(lines(path.join(out, "judge.jsonl"))).toHaveLength(DISTINCT);

    const asked = [model.received.length, judge.received.length];
    const second = await runCli(args(model, judge.baseUrl, out));
    expect(second.code, second.stderr).toBe(0);
    expect([model.received.length, judge.received.length]).toEqual(asked);
    expect(results(out).benchmarks.mmvet.judge).toMatchObject({ calls: 0, cached: MMVET_QUESTIONS });
    expect(results(out).benchmarks.mmvet.metrics).toEqual(mmvet.metrics);
  });

  it("--judge-runs 2: each run graded apart; means and population std over runs", async () => {
    const model = await server(() => reply.completion("An answer."));
    const judge = await server(grader);
    const out = path.join(tempDir(), "out");
    const r = await runCli(args(model, judge.baseUrl, out, "--judge-runs", "2"));
    expect(r.code, r.stderr).toBe(0);
    expect(judge.received).toHaveLength(2 * DISTINCT);
    const { metrics, judge: summary } = results(out).benchmarks.mmvet;
    expect(metrics.total).toBe(0.75);
    expect(metrics.std).toBe(0.25);
    expect(metrics.run_totals).toEqual({ "1": 0.5, "2": 1 });
    expect(summary).toMatchObject({ runs: 2, calls: 2 * DISTINCT });
  });

  it("without --judge MM-Vet is not scored: no total, '–' in the table, and it says how to score it", async () => {
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--bench", "mmvet,pope", "--out", out, "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    const mmvet = results(out).benchmarks.mmvet;
    expect(mmvet).toMatchObject({ n: MMVET_QUESTIONS, failed: 0, metrics: {} });
    expect(mmvet.judge).toBeUndefined();
    expect(r.stdout).toMatch(/\| baseline:random \| – \| 0\.\d{3} \|/);
    expect(r.stderr).toMatch(/mmvet: not scored .*--judge/);
  });

  it("a judge that is down: exit 3 naming the judge, answers kept; the rerun asks only the judge", async () => {
    const model = await server(() => reply.completion("An answer."));
    const out = path.join(tempDir(), "out");
    const deadUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const down = await runCli(args(model, deadUrl, out, "--retries", "0"));
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/mmvet: the judge could not grade 16 of 16 answers/);
    expect(down.stderr).toContain(`judge openai:grader failed`);
    expect(down.stderr).toContain(`${deadUrl}/chat/completions`);
    expect(down.stderr).toMatch(/rerun with the same --out/);
    // The judge's own flag, not the model's; the unreachable server's paragraph said once for all 16.
    expect(down.stderr).toContain("pass --judge-base-url (it should end with /v1)");
    expect(down.stderr).not.toMatch(/pass --base-url/);
    expect(down.stderr.match(/could not connect/g), down.stderr).toHaveLength(1);
    expect(down.stderr).toMatch(/16 samples \(v1_\d+, v1_\d+, v1_\d+, …\), e\.g\. v1_\d+: judge openai:grader failed/);
    expect(lines(path.join(out, "predictions.jsonl"))).toHaveLength(MMVET_QUESTIONS);
    expect(existsSync(path.join(out, "results.json"))).toBe(false);

    const asked = model.received.length;
    const judge = await server(grader);
    const again = await runCli(args(model, judge.baseUrl, out));
    expect(again.code, again.stderr).toBe(0);
    expect(model.received.length).toBe(asked);
    expect(judge.received).toHaveLength(DISTINCT);
    expect(results(out).benchmarks.mmvet.metrics.total).toBe(0.5);
  });

  it.each([
    [["--judge-runs", "2"], /--judge-runs given without --judge/],
    [["--judge-base-url", "http://127.0.0.1:1/v1"], /--judge-base-url given without --judge/],
    [["--judge", "nope:x"], /--judge nope:x: "nope" is not a model adapter. Use --judge KIND:NAME/],
    [["--judge", "openai:g", "--judge-runs", "0"], /--judge-runs must be an integer ≥ 1/],
  ])("bad judge options %j exit 2", async (extra, message) => {
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--bench", "mmvet", "--out", out, "--no-progress", ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("vlm-bench score with an LLM judge", () => {
  it("grades saved MM-Vet answers without the model; a second score into the same --out asks the judge nothing", async () => {
    const run = path.join(tempDir(), "run");
    expect((await runCli(["run", "--bench", "mmvet", "--out", run, "--no-progress"])).code).toBe(0);
    expect(results(run).benchmarks.mmvet.metrics).toEqual({});
    const judge = await server(() => reply.completion("0.25"));
    const out = path.join(tempDir(), "scored");
    const score = [
      "score",
      "--predictions",
      path.join(run, "predictions.jsonl"),
      "--out",
      out,
      "--judge",
      "openai:grader",
      "--judge-base-url",
      judge.baseUrl,
    ];
    const first = await runCli(score);
    expect(first.code, first.stderr).toBe(0);
    expect(results(out).benchmarks.mmvet.metrics.total).toBe(0.25);
    const asked = judge.received.length;
    expect(asked).toBeGreaterThan(0);
    expect(results(out).benchmarks.mmvet.judge).toMatchObject({ calls: asked });
    const second = await runCli(score);
    expect(second.code, second.stderr).toBe(0);
    expect(judge.received).toHaveLength(asked);
    expect(results(out).benchmarks.mmvet.judge).toMatchObject({ calls: 0, cached: MMVET_QUESTIONS });
  });

  it("a judge that is down: exit 3 naming the judge; MM-Vet is left out of results.json, never 0", async () => {
    const run = path.join(tempDir(), "run");
    expect((await runCli(["run", "--bench", "mmvet", "--out", run, "--no-progress"])).code).toBe(0);
    const out = path.join(tempDir(), "scored");
    const r = await runCli([
      "score",
      "--predictions",
      path.join(run, "predictions.jsonl"),
      "--out",
      out,
      "--judge",
      "openai:grader",
      "--judge-base-url",
      `http://127.0.0.1:${await closedPort()}/v1`,
      "--retries",
      "0",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/judge openai:grader/);
    expect(results(out).benchmarks.mmvet).toBeUndefined();
  });
});
