import { afterEach, describe, expect, it } from "vitest";
import { mmvetMetrics, scoreMmvet } from "../../../datasets/mmvet/score.js";
import type { Sample } from "../../../src/types.js";
import { serverJudge, userText } from "../../helpers/judge.js";
import { reply, ScriptedServer } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const sample = (id: string, capabilities: string[]): Sample<string> => ({
  id,
  benchmark: "mmvet",
  images: [],
  question: `question ${id}`,
  prompt: `question ${id}`,
  target: `truth ${id}`,
  meta: { capabilities },
});

describe("mmvetMetrics (hand-worked)", () => {
  it("one run: total = mean; capability = mean over answers having it; std 0", () => {
    const m = mmvetMetrics([
      { capabilities: ["rec"], scores: [1] },
      { capabilities: ["rec", "ocr"], scores: [0.5] },
      { capabilities: ["ocr", "math"], scores: [0] },
    ]);
    expect(m).toEqual({
      total: 0.5,
      std: 0,
      capabilities: { rec: 0.75, ocr: 0.25, math: 0 },
      capabilities_std: { rec: 0, ocr: 0, math: 0 },
      run_totals: { "1": 0.5 },
    });
  });

  it("two runs: means over runs and their population std", () => {
    // run 1: scores 1, 0 → total 0.5, rec 1, ocr 0; run 2: 0.6, 0.2 → total 0.4, rec 0.6, ocr 0.2
    const m = mmvetMetrics([
      { capabilities: ["rec"], scores: [1, 0.6] },
      { capabilities: ["ocr"], scores: [0, 0.2] },
    ]);
    expect(m.total).toBeCloseTo(0.45, 12);
    expect(m.std).toBeCloseTo(0.05, 12);
    expect((m.capabilities as any).rec).toBeCloseTo(0.8, 12);
    expect((m.capabilities_std as any).rec).toBeCloseTo(0.2, 12);
    expect((m.capabilities as any).ocr).toBeCloseTo(0.1, 12);
    expect((m.capabilities_std as any).ocr).toBeCloseTo(0.1, 12);
    expect(m.run_totals).toEqual({ "1": 0.5, "2": expect.closeTo(0.4, 12) });
  });

  it("orders capabilities most frequent first, ties by first appearance", () => {
    const m = mmvetMetrics([
      { capabilities: ["gen"], scores: [0] },
      { capabilities: ["know", "rec"], scores: [0] },
      { capabilities: ["rec"], scores: [0] },
    ]);
    expect(Object.keys(m.capabilities as object)).toEqual(["rec", "gen", "know"]);
  });

  it("no graded answers → no metrics at all (not scored, never 0)", () => {
    expect(mmvetMetrics([])).toEqual({});
  });
});

describe("scoreMmvet", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => server?.close());

  it("without a judge: no items, no total", async () => {
    const r = await scoreMmvet([sample("v1_0", ["rec"])], ["an answer"], { outputs: new Map() });
    expect(r).toEqual({ metrics: {}, items: [] });
  });

  it("with a judge over two runs: each run asked apart, item score = mean over runs", async () => {
    let n = 0;
    server = await ScriptedServer.start({ answer: () => reply.completion(["1.0", "0.5", "0.0", "0.5"][n++ % 4]!) });
    const judge = serverJudge(server, tempDir(), { runs: 2, concurrency: 1 });
    const samples = [sample("v1_0", ["rec"]), sample("v1_1", ["ocr"])];
    const r = await scoreMmvet(samples, ["A", "B"], { outputs: new Map(), judge });
    expect(server.received).toHaveLength(4);
    expect(userText(server, 0).endsWith("\nquestion v1_0 | truth v1_0 | A | ")).toBe(true);
    const byId = Object.fromEntries(r.items.map((i) => [i.id, i]));
    const total = (byId.v1_0!.score! + byId.v1_1!.score!) / 2;
    expect(r.metrics.total).toBeCloseTo(total, 12);
    expect(r.items.map((i) => (i.meta!.run_scores as number[]).length)).toEqual([2, 2]);
    expect(r.failures).toEqual([]);
  });

  it("a judge failure leaves the sample unscored and reported, never 0", async () => {
    server = await ScriptedServer.start({
      answer: (req) => (req.body.includes("question v1_1") ? reply.error(400, "judge refused") : reply.completion("0.7")),
    });
    const judge = serverJudge(server, tempDir());
    const r = await scoreMmvet([sample("v1_0", ["rec"]), sample("v1_1", ["rec"])], ["A", "B"], { outputs: new Map(), judge });
    expect(r.items.map((i) => i.id)).toEqual(["v1_0"]);
    expect(r.metrics.total).toBe(0.7);
    expect(r.failures).toHaveLength(1);
    expect(r.failures![0]).toMatchObject({
      id: "v1_1",
      message: expect.stringMatching(/judge openai:judge-model failed: .*judge refused/s),
    });
  });
});
