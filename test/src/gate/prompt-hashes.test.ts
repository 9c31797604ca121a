import { describe, expect, it } from "vitest";
import { itemMismatches, promptHashes } from "../../../src/gate/protocol.js";
import type { LoadedRun, PredictionRecord } from "../../../src/run-folder/index.js";

const record = (id: string, prompt_sha: string, extra: Partial<PredictionRecord> = {}): PredictionRecord => ({
  benchmark: "pope",
  id,
  adapter: "m",
  prompt_sha,
  text: "Yes",
  time: "t",
  ...extra,
});
const run = (predictions: PredictionRecord[]) => ({ predictions }) as unknown as LoadedRun;

describe("the gate's prompt hashes (src/gate/protocol.ts)", () => {
  it('an answer-file record without a prompt (prompt_sha "") has no hash: not a prompt mismatch', () => {
    const candidate = promptHashes(run([record("a", "", { source: "answer-file" }), record("b", "h2", { source: "answer-file" })]))!;
    const baseline = promptHashes(run([record("a", "h1"), record("b", "h2")]))!;
    expect(candidate.get("pope")).toEqual(new Map([["b", "h2"]]));
    const same = { targets: ["yes", "no"] };
    expect(
      itemMismatches("pope", ["a", "b"], { ...same, prompts: baseline.get("pope") }, { ...same, prompts: candidate.get("pope") }),
    ).toEqual([]);
  });

  it("a hashed prompt that differs still is one", () => {
    const candidate = promptHashes(run([record("a", "other")]))!;
    const baseline = promptHashes(run([record("a", "h1")]))!;
    const same = { targets: ["yes"] };
    expect(itemMismatches("pope", ["a"], { ...same, prompts: baseline.get("pope") }, { ...same, prompts: candidate.get("pope") })).toEqual([
      'pope: the prompt differs on 1 of 1 common items (e.g. "a") — the runs followed different protocols',
    ]);
  });
});
