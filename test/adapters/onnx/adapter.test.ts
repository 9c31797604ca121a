import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DecodeStep } from "../../../adapters/onnx/decode.js";
import { createOnnxAdapter, expandImageTokens, type OnnxAdapter, type OnnxAdapterOptions } from "../../../adapters/onnx/index.js";
import { redAndBlue } from "../../../bench/fixtures/colour-images.js";
import { IMAGE_TOKENS, type TinyVlmOptions, writeTinyVlm } from "../../../bench/fixtures/tiny-vlm.js";
import { DataError, UsageError } from "../../../src/errors.js";
import { tempDir } from "../../helpers/tmp.js";

const settings = { maxTokens: 8, temperature: 0, seed: 0 };
const QUESTION = "Is there a red square in the image?";
const opened: OnnxAdapter[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.close!()));
});

async function open(model: TinyVlmOptions = {}, options: Partial<OnnxAdapterOptions> = {}) {
  const dir = writeTinyVlm(tempDir(), model);
  const images = await redAndBlue(tempDir());
  const steps: DecodeStep[] = [];
  const adapter = await createOnnxAdapter({ dir, settings, onStep: (s) => steps.push(s), ...options });
  opened.push(adapter);
  const ask = (image: string, prompt = QUESTION, maxTokens = settings.maxTokens) =>
    adapter.generate({ images: [image], prompt, ...settings, maxTokens, sample: { benchmark: "pope", id: "random/1" } });
  return { dir, adapter, steps, ask, ...images };
}

describe("onnx adapter on a tiny VLM built by the test", () => {
  it('says "yes" for a red image and "no" for a blue one', async () => {
    const { ask, red, blue } = await open();
    expect((await ask(red)).text).toBe("yes");
    expect((await ask(blue)).text).toBe("no");
  });

  it("prefills the whole prompt, then feeds one token per step on the KV cache, stopping at EOS", async () => {
    const { ask, red, steps } = await open();
    const result = await ask(red);
    // <s> USER : · <image>×2 · Is there a red square in the image ? (9) · ASSISTANT : — by hand from the chat template.
    const promptTokens = 3 + IMAGE_TOKENS + 9 + 2;
    expect(result.usage).toEqual({ promptTokens, completionTokens: 1 });
    expect(steps).toEqual([
      { step: 0, inputTokens: promptTokens, pastLength: 0 },
      { step: 1, inputTokens: 1, pastLength: promptTokens }, // EOS comes out of this step
    ]);
  });

  it("max_tokens bounds the answer", async () => {
    const { ask, red, steps } = await open();
    const result = await ask(red, QUESTION, 1);
    expect(result.text).toBe("yes");
    expect(steps).toHaveLength(1);
  });

  it("without a chat template the prompt is the image token, a newline and the text", async () => {
    const { ask, blue } = await open({ chatTemplate: false });
    const result = await ask(blue);
    expect(result.text).toBe("no");
    expect(result.usage?.promptTokens).toBe(IMAGE_TOKENS + 9); // no BOS: this tokenizer has no post-processor
  });

  it("sessions are opened once; each image goes through the vision encoder once", async () => {
    const { ask, red, blue, adapter } = await open();
    await ask(red);
    const perSample = adapter.clock.runs - 1; // minus the one vision run
    expect(perSample).toBe(4); // embed prompt, decoder, embed token, decoder
    await ask(red, "Is there a blue circle in the image?");
    expect(adapter.clock.runs).toBe(1 + 2 * perSample);
    await ask(blue);
    expect(adapter.clock.runs).toBe(2 + 3 * perSample);
    expect(adapter.clock.ms).toBeGreaterThan(0);
  });

  it("concurrent requests are answered one at a time, each correctly", async () => {
    const { ask, red, blue } = await open();
    const texts = await Promise.all([red, blue, red, blue].map((image) => ask(image).then((r) => r.text)));
    expect(texts).toEqual(["yes", "no", "yes", "no"]);
  });

  it("picks a quantised variant by its suffix, and --onnx-dtype asks for one", async () => {
    const { adapter, ask, red } = await open({ suffix: "_q4" });
    expect(Object.values(adapter.files).map((f) => [path.basename(f.file), f.dtype])).toEqual([
      ["vision_encoder_q4.onnx", "q4"],
      ["embed_tokens_q4.onnx", "q4"],
      ["decoder_model_merged_q4.onnx", "q4"],
    ]);
    expect(adapter.id).toContain("[q4,q4,q4]");
    expect((await ask(red)).text).toBe("yes");
    const explicit = await createOnnxAdapter({ dir: writeTinyVlm(tempDir(), { suffix: "_q4" }), settings, dtype: "q4" });
    opened.push(explicit);
    expect(explicit.files.decoder_model_merged!.dtype).toBe("q4");
  });
});

describe("onnx adapter: bad model folders", () => {
  const create = (model: TinyVlmOptions, options: Partial<OnnxAdapterOptions> = {}) =>
    createOnnxAdapter({ dir: writeTinyVlm(tempDir(), model), settings, ...options });

  it.each([
    [
      "preprocessor_config.json",
      /has no preprocessor_config\.json\. An onnx: model folder needs config\.json, preprocessor_config\.json, tokenizer\.json and onnx\/vision_encoder\.onnx/,
    ],
    ["tokenizer.json", /has no tokenizer\.json/],
    ["onnx/embed_tokens.onnx", /has no onnx\/embed_tokens\.onnx \(or a quantised variant\).*_q4 \(q4\)/s],
  ])("missing %s: names it and lists what the layout needs", async (omit, message) => {
    const failure = create({ omit });
    await expect(failure).rejects.toThrow(DataError);
    await expect(failure).rejects.toThrow(message);
  });

  it("--onnx-dtype for a variant that is not there lists the ones that are", async () => {
    await expect(create({ suffix: "_q4" }, { dtype: "q8" })).rejects.toThrow(
      /has no onnx\/vision_encoder_quantized\.onnx \(--onnx-dtype q8\)\. It has the q4 variant/,
    );
    await expect(create({}, { dtype: "q3" })).rejects.toThrow(UsageError);
  });

  it("a decoder whose inputs do not match the roles: names the input", async () => {
    const failure = create({ decoderInputName: "hidden_in" });
    await expect(failure).rejects.toThrow(DataError);
    await expect(failure).rejects.toThrow(
      /decoder_model_merged\.onnx: input "hidden_in" has no role the adapter knows.*inputs_embeds, attention_mask/s,
    );
  });

  it("a tokenizer.json the library cannot read", async () => {
    const failure = create({ tokenizerText: JSON.stringify({ model: { type: "NoSuchModel" } }) });
    await expect(failure).rejects.toThrow(DataError);
    await expect(failure).rejects.toThrow(/tokenizer\.json: the tokenizer library cannot read it/);
    await expect(create({ tokenizerText: "{ not json" })).rejects.toThrow(/tokenizer\.json: not valid JSON/);
  });

  it("an .onnx file onnxruntime cannot load names the file", async () => {
    const dir = writeTinyVlm(tempDir());
    writeFileSync(path.join(dir, "onnx/vision_encoder.onnx"), "garbage");
    await expect(createOnnxAdapter({ dir, settings })).rejects.toThrow(/vision_encoder\.onnx: onnxruntime cannot load it/);
  });

  it("a model folder that does not exist", async () => {
    const dir = tempDir();
    rmSync(dir, { recursive: true });
    await expect(createOnnxAdapter({ dir, settings })).rejects.toThrow(/does not exist/);
  });

  it("an image sharp cannot decode: the sample id and the path", async () => {
    const { adapter } = await open();
    const broken = path.join(tempDir(), "broken.jpg");
    writeFileSync(broken, "not a jpeg");
    const failure = adapter.generate({
      images: [broken],
      prompt: QUESTION,
      ...settings,
      sample: { benchmark: "pope", id: "adversarial/7" },
    });
    await expect(failure).rejects.toThrow(DataError);
    await expect(failure).rejects.toThrow(`sample pope adversarial/7: cannot decode image ${broken}`);
  });

  it("without onnxruntime-node: a usage error saying what to install", async () => {
    const failure = create({}, { runtimeModule: "onnxruntime-node-that-is-not-installed" });
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(/npm install onnxruntime-node/);
  });
});

describe("expandImageTokens", () => {
  it.each([
    [[1, 3, 9], [{ tokens: 2 }], [1, 3, 3, 9]],
    [
      [3, 9, 3],
      [{ tokens: 1 }, { tokens: 3 }],
      [3, 9, 3, 3, 3],
    ],
    [[1, 9], [], [1, 9]],
  ])("%j with %j → %j", (ids, images, expected) => {
    expect(expandImageTokens(ids, 3, images)).toEqual(expected);
  });

  it("a prompt with more image tokens than images is a DataError", () => {
    expect(() => expandImageTokens([3, 3], 3, [{ tokens: 2 }], "pope random/1")).toThrow(
      /sample pope random\/1: the prompt has 2 image token\(s\) for 1 image/,
    );
  });
});

describe("onnx roles from a session's signature", () => {
  it("refuses a vision encoder that takes float16 pixels, naming the input", async () => {
    const { visionRoles } = await import("../../../adapters/onnx/roles.js");
    const signature = {
      file: "/m/onnx/vision_encoder_fp16.onnx",
      inputNames: ["pixel_values"],
      outputNames: ["image_features"],
      inputMetadata: [{ name: "pixel_values", isTensor: true, type: "float16", shape: [1, 3, 336, 336] }],
    };
    expect(() => visionRoles(signature)).toThrow(/input "pixel_values" is float16; the onnx: adapter feeds float32/);
    expect(visionRoles({ ...signature, inputMetadata: [{ ...signature.inputMetadata[0]!, type: "float32" }] })).toEqual({
      pixelValues: "pixel_values",
      imageFeatures: "image_features",
    });
  });

  it("maps a merged decoder's inputs and outputs, cache shape from the graph", async () => {
    const { decoderRoles } = await import("../../../adapters/onnx/roles.js");
    const layers = [0, 1];
    const roles = decoderRoles({
      file: "/m/onnx/decoder_model_merged_q4.onnx",
      inputNames: [
        "inputs_embeds",
        "attention_mask",
        "position_ids",
        ...layers.flatMap((i) => [`past_key_values.${i}.key`, `past_key_values.${i}.value`]),
        "use_cache_branch",
      ],
      outputNames: ["logits", ...layers.flatMap((i) => [`present.${i}.key`, `present.${i}.value`])],
      inputMetadata: [
        { name: "past_key_values.0.key", isTensor: true, type: "float32", shape: ["batch_size", 8, "past_sequence_length", 64] },
      ],
    });
    expect(roles).toMatchObject({
      positionIds: "position_ids",
      useCacheBranch: "use_cache_branch",
      cacheShape: { heads: 8, headDim: 64 },
      cacheType: "float32",
    });
    expect(roles.layers.map((l) => l.presentValue)).toEqual(["present.0.value", "present.1.value"]);
  });

  it("a decoder with a cache input but no matching present output", async () => {
    const { decoderRoles } = await import("../../../adapters/onnx/roles.js");
    expect(() =>
      decoderRoles({
        file: "/m/onnx/decoder_model_merged.onnx",
        inputNames: ["inputs_embeds", "past_key_values.0.key", "past_key_values.0.value"],
        outputNames: ["logits", "present.0.key"],
      }),
    ).toThrow(/input past_key_values\.0\.key has no matching output "present\.0\.value"/);
  });
});
