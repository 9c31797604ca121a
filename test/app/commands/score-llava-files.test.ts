import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { pope } from "../../../datasets/pope/index.js";
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
