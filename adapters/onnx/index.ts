import path from "node:path";
import { performance } from "node:perf_hooks";
import { AdapterError, DataError } from "../../src/errors.js";
import { readJsonFile } from "../../src/json-files.js";
import type { AdapterFactory, GenerateRequest, GenerateResult, GenerationSettings, ModelAdapter, TokenLogprob } from "../../src/types.js";
import { fingerprint } from "../fingerprint.js";
import { integerOption, readOptions, stringOption } from "../options.js";
import { type DecodeStep, decode, embed, logSoftmaxTop } from "./decode.js";
import { ReusedInputs } from "./feeds.js";
import { ImageFeatures } from "./image-features.js";
import { readLayout } from "./layout.js";
import type { PreprocessorConfig } from "./preprocess.js";
import { PromptCache } from "./prompt-cache.js";
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

export { expandImageTokens } from "./prompt-cache.js";

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
  const features = new ImageFeatures(ort, graphs, preprocessor);

  const prompts = new PromptCache(ort, text);
  const inputs = new ReusedInputs(ort, cache);
  // Greedy answers to benchmark questions repeat ("Yes", "No"): decode each distinct short answer once.
  const decoded = new Map<number | string, string>();
  const decodeText = (ids: readonly number[]): string => {
    if (ids.length > 16) return text.decode(ids);
    const key = ids.length === 1 ? ids[0]! : ids.join(",");
    let answer = decoded.get(key);
    if (answer === undefined) {
      answer = text.decode(ids);
      if (decoded.size >= 4096) decoded.clear();
      decoded.set(key, answer);
    }
    return answer;
  };

  let queue: Promise<unknown> = Promise.resolve();
  async function generateOne(request: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    const sampleId = request.sample === undefined ? undefined : `${request.sample.benchmark} ${request.sample.id}`;
    const found = features.of(request.images, sampleId);
    const images = Array.isArray(found) ? found : await found;
    request.signal?.throwIfAborted();
    const prompt = prompts.get(request.prompt, images, sampleId);
    // A fresh output of embed_tokens for this sample: writing the image features into it touches nothing shared.
    const embedded = await embed(graphs, prompt.inputIds);
    const hidden = Number(embedded.dims[2]);
    const data = embedded.data as Float32Array;
    for (let i = 0; i < images.length; i++) {
      // The image tokens' embeddings are replaced by the vision features, in order (a masked scatter).
      const image = images[i]!;
      if (image.data.length !== image.tokens * hidden) {
        throw new AdapterError(
          `${graphs.vision.file}: image features of width ${image.data.length / image.tokens} do not match the embeddings' ${hidden}.`,
        );
      }
      data.set(image.data, prompt.imageStarts[i]! * hidden);
    }
    // The logits are at hand: log-softmax per generated token when asked (the answer's end-of-sequence step is not part of it).
    const logprobs: TokenLogprob[] = [];
    const top = request.logprobs?.top;
    const onLogits =
      top === undefined
        ? undefined
        : (logits: Float32Array, token: number) => {
            if (text.eosTokenIds.has(token)) return;
            const step = logSoftmaxTop(logits, token, top);
            logprobs.push({
              token: decodeText([token]),
              logprob: step.logprob,
              top: step.top.map((t) => ({ token: decodeText([t.id]), logprob: t.logprob })),
            });
          };
    const generated = await decode(graphs, inputs, embedded, {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      seed: request.seed,
      eosTokenIds: text.eosTokenIds,
      onStep: options.onStep,
      onLogits,
    });
    return {
      text: decodeText(generated),
      usage: { promptTokens: prompt.ids.length, completionTokens: generated.length },
      latencyMs: performance.now() - started,
      ...(top === undefined ? {} : { logprobs }),
    };
  }

  const name = options.dir;
  return {
    id: fingerprint(
      "onnx",
      `${path.basename(layout.dir)}[${Object.values(layout.graphs)
        .map((g) => g.dtype)
        .join(",")}]`,
      options.settings,
    ),
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

function cacheShape(config: Json, roles: { cacheShape?: { heads?: number; headDim?: number }; cacheType?: string }, file: string) {
  const text = (config.text_config ?? config) as Json;
  const num = (value: unknown) => (typeof value === "number" && value > 0 ? value : undefined);
  const attentionHeads = num(text.num_attention_heads);
  const hidden = num(text.hidden_size);
  const heads = roles.cacheShape?.heads ?? num(text.num_key_value_heads) ?? attentionHeads;
  const headDim =
    roles.cacheShape?.headDim ??
    num(text.head_dim) ??
    (hidden !== undefined && attentionHeads !== undefined ? hidden / attentionHeads : undefined);
  if (heads === undefined || headDim === undefined) {
    throw new DataError(
      `${file}: the decoder's cache shape is not declared in the graph, and config.json has no text_config.num_key_value_heads/head_dim (or num_attention_heads and hidden_size) to derive it.`,
      { file },
    );
  }
  return { heads, headDim, type: roles.cacheType ?? "float32" };
}

/** The options only onnx: reads: flags of `run`, keys of a config file's `onnx` object. */
const ONNX_OPTIONS = [
  stringOption({
    key: "executionProvider",
    flag: "onnx-ep",
    placeholder: "provider",
    config: ["onnx", "execution_provider"],
    help: "onnx: execution provider (cpu, cuda, dml, coreml…; default cpu)",
  }),
  integerOption({
    key: "threads",
    flag: "onnx-threads",
    placeholder: "n",
    config: ["onnx", "threads"],
    minimum: 1,
    help: "onnx: intra-op threads (default: onnxruntime's choice)",
  }),
  stringOption({
    key: "dtype",
    flag: "onnx-dtype",
    placeholder: "dtype",
    config: ["onnx", "dtype"],
    help: "onnx: file variant fp32|fp16|q8|int8|uint8|q4|q4f16|bnb4 (default: first present)",
  }),
] as const;

export const onnxAdapter: AdapterFactory = {
  kind: "onnx",
  description: "onnx:DIR — a VLM exported to ONNX (optimum / transformers.js layout), run in process on onnxruntime-node",
  options: ONNX_OPTIONS,
  create(spec) {
    const options = readOptions("onnx", ONNX_OPTIONS, spec.options) as Pick<OnnxAdapterOptions, "executionProvider" | "threads" | "dtype">;
    return createOnnxAdapter({ dir: spec.name, settings: spec.settings, ...options });
  },
};
