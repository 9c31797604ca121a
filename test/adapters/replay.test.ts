import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createReplayAdapter } from "../../adapters/replay.js";
import { AdapterError, DataError } from "../../src/errors.js";
import { tempDir } from "../helpers/tmp.js";

const settings = { maxTokens: 128, temperature: 0, seed: 0 };
const write = (lines: unknown[]) => {
  const file = path.join(tempDir(), "answers.jsonl");
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
};
const request = (benchmark: string, id: string, prompt: string, meta: Record<string, unknown> = {}) => ({
  images: [],
  prompt,
  ...settings,
  sample: { benchmark, id, meta },
});

describe("replay adapter", () => {
  it("replays our own predictions.jsonl by benchmark and id", async () => {
    const file = write([
      { benchmark: "pope", id: "random/1", adapter: "x", prompt_sha: "y", text: "Yes", latency_ms: 3, time: "t" },
      { benchmark: "pope", id: "popular/1", adapter: "x", prompt_sha: "y", text: "No", latency_ms: 3, time: "t" },
    ]);
    const adapter = await createReplayAdapter(file, settings);
    expect((await adapter.generate(request("pope", "popular/1", "p"))).text).toBe("No");
    expect(adapter.id).toMatch(/^replay:answers\.jsonl#[0-9a-f]{12}$/);
  });

  it("replays a LLaVA answer file by question_id, using the prompt where ids repeat", async () => {
    const file = write([
      { question_id: 1, prompt: "Is there a cat in the image?", text: "Yes", answer_id: "a", model_id: "m" },
      { question_id: 1, prompt: "Is there a dog in the image?", text: "No", answer_id: "b", model_id: "m" },
      { question_id: 2, prompt: "Is there a cow in the image?", text: "No" },
    ]);
    const adapter = await createReplayAdapter(file, settings);
    const suffix = "\nAnswer the question using a single word or phrase.";
    expect(
      (await adapter.generate(request("pope", "adversarial/1", `Is there a dog in the image?${suffix}`, { question_id: 1 }))).text,
    ).toBe("No");
    expect((await adapter.generate(request("pope", "random/2", "anything", { question_id: 2 }))).text).toBe("No");
  });

  it("a sample the file lacks is a per-sample AdapterError naming the file and sample", async () => {
    const file = write([{ benchmark: "pope", id: "random/1", text: "Yes" }]);
    const adapter = await createReplayAdapter(file, settings);
    await expect(adapter.generate(request("pope", "random/9", "p"))).rejects.toThrow(AdapterError);
    await expect(adapter.generate(request("pope", "random/9", "p"))).rejects.toThrow(`${file} holds no answer for pope random/9`);
  });

  it("names the record that has no text", async () => {
    const file = write([{ benchmark: "pope", id: "random/1" }]);
    await expect(createReplayAdapter(file, settings)).rejects.toThrow(DataError);
    await expect(createReplayAdapter(file, settings)).rejects.toThrow(/line 1: no "text"/);
  });
});
