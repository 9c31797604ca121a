import path from "node:path";
import { AdapterError, DataError } from "../../src/errors.js";
import { ImageCache } from "../../src/images.js";
import { readJsonFile } from "../../src/json-files.js";
import type { AdapterFactory, GenerateRequest, GenerateResult, GenerationSettings, ModelAdapter } from "../../src/types.js";
import { fingerprint } from "../fingerprint.js";
import { decode, embed, float32, type DecodeStep } from "./decode.js";
import { readLayout } from "./layout.js";
import { preprocessImage, type PreprocessorConfig } from "./preprocess.js";
import { loadOrt } from "./runtime.js";
import { openGraphs, type RunClock, type SessionOptions } from "./sessions.js";
import { loadTextSide } from "./text.js";

export interface OnnxAdapterOptions extends SessionOptions {
  /** The model folder (config.json, preprocessor_config.json, tokenizer.json, onnx/*.onnx). */
  dir: string;
  settings: GenerationSettings;
  /** Which file variant: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4. Default: per graph, the first present (README). */
  dtype?: string;
  /** Called before each decoder call (tests check the KV cache is used). */
  onStep?: (step: DecodeStep) => void;
  /** Module to load instead of onnxruntime-node (tests of the "not installed" message). */
  runtimeModule?: string;
}

export interface OnnxAdapter extends ModelAdapter {
  /** Calls to session.run and the milliseconds spent inside them, over the adapter's life. */
  readonly clock: Readonly<RunClock>;
  /** Graph files in use, with the dtype chosen for each. */
  readonly files: Record<string, { file: string; dtype: string }>;
}

type Json = Record<string, unknown>;

/**
 * A generative VLM in process on onnxruntime-node, from a folder in the optimum /
 * transformers.js layout. Sessions are opened here, once; `generate` runs one sample at a
 * time (the sessions use every core already), caching each image's vision features.
 */
export async function createOnnxAdapter(options: OnnxAdapterOptions): Promise<OnnxAdapter> {
  const layout = readLayout(options.dir, options.dtype);
  const config = await readJsonFile<Json>(layout.json["config.json"]);
  const preprocessor = await readJsonFile<PreprocessorConfig>(layout.json["preprocessor_config.json"]);
  const text = await loadTextSide(layout, config);
  const ort = await loadOrt(options.runtimeModule);
  const clock: RunClock = { runs: 0, ms: 0 };
  const graphs = await openGraphs(ort, layout, options, clock);
  const cache = cacheShape(config, graphs.decoder.roles, layout.json["config.json"]);
  const features = new ImageCache<{ data: Float32Array; tokens: number }>(64 * 2 ** 20, (f) => f.data.byteLength);

  const imageFeatures = (file: string, sampleId: string | undefined) =>
    features.get(file, async () => {
      const pixels = await preprocessImage(file, preprocessor, sampleId);
      const { vision } = graphs;
      const input = new ort.Tensor("float32", pixels.data, [1, 3, pixels.height, pixels.width]);
      const output = (await vision.run({ [vision.roles.pixelValues]: input }))[vision.roles.imageFeatures]!;
      const data = float32(output, vision.roles.imageFeatures, vision.file);
      const hidden = Number(output.dims.at(-1));
      return { data: data.slice(), tokens: data.length / hidden };
    });

  // Benchmarks ask the same question of many images (POPE: 18 times per object name), and the
  // template render plus tokenisation cost more than a small model's forward pass.
  const promptCache = new Map<string, number[]>();
  const promptIds = (prompt: string, imageCount: number): number[] => {
    const key = `${imageCount}\u0000${prompt}`;
    let ids = promptCache.get(key);
    if (ids === undefined) {
      const rendered = text.render(prompt, imageCount);
      ids = text.encode(rendered.text, rendered.addSpecialTokens);
      if (promptCache.size >= 4096) promptCache.delete(promptCache.keys().next().value!);
      promptCache.set(key, ids);
    }
    return ids;
  };

  let queue: Promise<unknown> = Promise.resolve();
  async function generateOne(request: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    const sampleId = request.sample === undefined ? undefined : `${request.sample.benchmark} ${request.sample.id}`;
    const images = await Promise.all(request.images.map((image) => imageFeatures(path.resolve(image), sampleId)));
    request.signal?.throwIfAborted();
    const ids = expandImageTokens(promptIds(request.prompt, images.length), text.imageTokenId, images, sampleId);
    const embedded = await embed(ort, graphs, ids);
    let offset = 0;
    for (const image of images) {
      // The image tokens' embeddings are replaced by the vision features, in order (a masked scatter).
      const at = ids.indexOf(text.imageTokenId, offset);
      if (image.data.length !== image.tokens * embedded.hidden) {
        throw new AdapterError(`${graphs.vision.file}: image features of width ${image.data.length / image.tokens} do not match the embeddings' ${embedded.hidden}.`);
      }
      embedded.data.set(image.data, at * embedded.hidden);
      offset = at + image.tokens;
    }
    const generated = await decode(ort, graphs, { embeds: embedded.data, length: ids.length, hidden: embedded.hidden }, {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      seed: request.seed,
      eosTokenIds: text.eosTokenIds,
      cache,
      onStep: options.onStep,
    });
    return {
      text: text.decode(generated),
      usage: { promptTokens: ids.length, completionTokens: generated.length },
      latencyMs: performance.now() - started,
    };
  }

  const name = options.dir;
  return {
    id: fingerprint("onnx", `${path.basename(layout.dir)}[${Object.values(layout.graphs).map((g) => g.dtype).join(",")}]`, options.settings),
    kind: "onnx",
    name,
    settings: options.settings,
    clock,
    files: { ...layout.graphs },
    generate(request) {
      const result = queue.then(() => generateOne(request));
      queue = result.catch(() => {});
      return result;
    },
    async close() {
      await queue;
      await Promise.all([graphs.vision.release(), graphs.embed.release(), graphs.decoder.release()]);
    },
  };
}

/** Each image token becomes as many tokens as the vision encoder gives that image features. */
export function expandImageTokens(ids: readonly number[], imageTokenId: number, images: readonly { tokens: number }[], sampleId?: string): number[] {
  const slots = ids.filter((id) => id === imageTokenId).length;
  if (slots !== images.length) {
    throw new DataError(
      `${sampleId === undefined ? "" : `sample ${sampleId}: `}the prompt has ${slots} image token(s) for ${images.length} image(s); ` +
        `a prompt must not contain the model's image token itself.`,
      { sampleId },
    );
  }
  const out: number[] = [];
  let image = 0;
  for (const id of ids) {
    const copies = id === imageTokenId ? images[image++]!.tokens : 1;
    for (let i = 0; i < copies; i++) out.push(id);
  }
  return out;
}

function cacheShape(config: Json, roles: { cacheShape?: { heads?: number; headDim?: number }; cacheType?: string }, file: string) {
  const text = (config.text_config ?? config) as Json;
  const num = (value: unknown) => (typeof value === "number" && value > 0 ? value : undefined);
  const attentionHeads = num(text.num_attention_heads);
  const hidden = num(text.hidden_size);
  const heads = roles.cacheShape?.heads ?? num(text.num_key_value_heads) ?? attentionHeads;
  const headDim = roles.cacheShape?.headDim ?? num(text.head_dim) ?? (hidden !== undefined && attentionHeads !== undefined ? hidden / attentionHeads : undefined);
  if (heads === undefined || headDim === undefined) {
    throw new DataError(
      `${file}: the decoder's cache shape is not declared in the graph, and config.json has no text_config.num_key_value_heads/head_dim (or num_attention_heads and hidden_size) to derive it.`,
      { file },
    );
  }
  return { heads, headDim, type: roles.cacheType ?? "float32" };
}

export const onnxAdapter: AdapterFactory = {
  kind: "onnx",
  description: "onnx:DIR — a VLM exported to ONNX (optimum / transformers.js layout), run in process on onnxruntime-node",
  create: (spec) =>
    createOnnxAdapter({
      dir: spec.name,
      settings: spec.settings,
      executionProvider: spec.onnx?.executionProvider,
      threads: spec.onnx?.threads,
      dtype: spec.onnx?.dtype,
    }),
};
