import { readFileSync } from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterEach, describe, expect, it } from "vitest";
import type { DecodeStep } from "../../../adapters/onnx/decode.js";
import { createOnnxAdapter, type OnnxAdapter } from "../../../adapters/onnx/index.js";
import { readLayout } from "../../../adapters/onnx/layout.js";
import { PromptCache } from "../../../adapters/onnx/prompt-cache.js";
import { loadTextSide } from "../../../adapters/onnx/text.js";
import { redAndBlue } from "../../../bench/fixtures/colour-images.js";
import { ID, IMAGE_TOKENS, writeTinyVlm } from "../../../bench/fixtures/tiny-vlm.js";
import { tempDir } from "../../helpers/tmp.js";

const settings = { maxTokens: 8, temperature: 0, seed: 0 };
const SHORT = "Is there a red square in the image?"; // 9 words
const LONG = "Is there a blue circle in the image? Answer the question using a single word."; // 17 words
// <s> USER : · <image>×2 · question · ASSISTANT : — from the chat template, by hand.
const promptTokens = (words: number) => 3 + IMAGE_TOKENS + words + 2;

const opened: OnnxAdapter[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close!()));
});

async function open() {
  const steps: DecodeStep[] = [];
  const adapter = await createOnnxAdapter({ dir: writeTinyVlm(tempDir()), settings, onStep: (s) => steps.push(s) });
  opened.push(adapter);
  const images = await redAndBlue(tempDir());
  const ask = (image: string, prompt: string) =>
    adapter.generate({
      images: [image],
      prompt,
      ...settings,
      sample: { benchmark: "pope", id: `${path.basename(image)} ${prompt.length}` },
    });
  return { adapter, steps, ask, ...images };
}

describe("onnx adapter: reused tensors, prompts and image features never carry one sample into the next", () => {
  it("red and blue images interleaved, over two prompts of different lengths, are each answered from their own image", async () => {
    const { ask, red, blue, steps } = await open();
    const plan: [string, string, string, number][] = [
      [red, SHORT, "yes", 9],
      [blue, SHORT, "no", 9],
      [blue, LONG, "no", 17],
      [red, LONG, "yes", 17],
      [red, SHORT, "yes", 9],
      [blue, LONG, "no", 17],
      [red, LONG, "yes", 17],
      [blue, SHORT, "no", 9],
    ];
    for (const [image, prompt, answer, words] of plan) {
      steps.length = 0;
      const result = await ask(image, prompt);
      expect([path.basename(image), prompt.length, result.text]).toEqual([path.basename(image), prompt.length, answer]);
      expect(result.usage).toEqual({ promptTokens: promptTokens(words), completionTokens: 1 });
      // The shared position and mask tensors follow each sample's own length.
      expect(steps).toEqual([
        { step: 0, inputTokens: promptTokens(words), pastLength: 0 },
        { step: 1, inputTokens: 1, pastLength: promptTokens(words) },
      ]);
    }
  });

  it("concurrent requests alternating images and prompts: every answer matches its own image", async () => {
    const { ask, red, blue } = await open();
    const requests = Array.from({ length: 24 }, (_, i) => ({ image: i % 3 === 0 ? blue : red, prompt: i % 2 === 0 ? SHORT : LONG }));
    const texts = await Promise.all(requests.map((r) => ask(r.image, r.prompt).then((result) => result.text)));
    expect(texts).toEqual(requests.map((r) => (r.image === red ? "yes" : "no")));
  });

  it("alternating images still runs the vision encoder once per image", async () => {
    const { ask, red, blue, adapter } = await open();
    for (const image of [red, blue, red, blue, red]) await ask(image, SHORT);
    expect(adapter.clock.runs).toBe(2 + 5 * 4); // two vision runs; embed, decoder, embed, decoder per sample
  });

  it("the same image named by two spellings of its path is one image", async () => {
    const { ask, red, adapter } = await open();
    const spelled = path.join(path.dirname(red), ".", "..", path.basename(path.dirname(red)), path.basename(red));
    expect((await ask(red, SHORT)).text).toBe("yes");
    expect((await ask(spelled, SHORT)).text).toBe("yes");
    expect(adapter.clock.runs).toBe(1 + 2 * 4);
  });
});

describe("PromptCache", () => {
  async function cacheFor(dir: string) {
    const layout = readLayout(dir);
    const config = JSON.parse(readFileSync(layout.json["config.json"], "utf8")) as Record<string, unknown>;
    return new PromptCache(ort, await loadTextSide(layout, config));
  }

  it("prepares a prompt once per image feature count, with the image slots expanded and located", async () => {
    const prompts = await cacheFor(writeTinyVlm(tempDir()));
    const two = prompts.get(SHORT, [{ tokens: 2 }]);
    expect(prompts.get(SHORT, [{ tokens: 2 }])).toBe(two);
    const three = prompts.get(SHORT, [{ tokens: 3 }]);
    expect(three).not.toBe(two);
    const head = [ID["<s>"], ID.USER, ID[":"]];
    expect(two.ids.slice(0, 5)).toEqual([...head, ID["<image>"], ID["<image>"]]);
    expect(three.ids.slice(0, 6)).toEqual([...head, ID["<image>"], ID["<image>"], ID["<image>"]]);
    expect(two.imageStarts).toEqual([3]);
    expect(two.inputIds.dims).toEqual([1, two.ids.length]);
    expect(Array.from(two.inputIds.data as BigInt64Array, Number)).toEqual(two.ids);
  });

  it("two images: each image's first slot, after the first image's features", async () => {
    const prompts = await cacheFor(writeTinyVlm(tempDir()));
    const prepared = prompts.get(SHORT, [{ tokens: 2 }, { tokens: 3 }]);
    // The newline is whitespace to this tokenizer: 3 head tokens, the first image's 2 slots, then the second image's 3.
    expect(prepared.imageStarts).toEqual([3, 5]);
    expect(prepared.ids.filter((id) => id === ID["<image>"])).toHaveLength(5);
  });
});
