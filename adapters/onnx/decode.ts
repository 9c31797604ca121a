import { AdapterError, DataError } from "../../src/errors.js";
import { mulberry32 } from "../../src/random.js";
import type { Graphs } from "./sessions.js";
import type { Ort, OrtTensor } from "./runtime.js";

/** What one decoder call fed: the prefill sees the whole prompt, later steps one token each. */
export interface DecodeStep {
  step: number;
  inputTokens: number;
  pastLength: number;
}

export interface DecodeSettings {
  maxTokens: number;
  temperature: number;
  seed: number;
  eosTokenIds: ReadonlySet<number>;
  /** Heads and head size of the KV cache (from the graph, else config.json). */
  cache: { heads: number; headDim: number; type: string };
  onStep?: (step: DecodeStep) => void;
}

export function float32(tensor: OrtTensor, what: string, file: string): Float32Array {
  if (tensor.type !== "float32") {
    throw new DataError(
      `${file}: ${what} is ${tensor.type}; the onnx: adapter feeds and reads float32 only. Use the fp32 or a quantised variant (--onnx-dtype q8 or q4).`,
      { file },
    );
  }
  return tensor.data as Float32Array;
}

/** Token ids → embeddings [1, n, hidden] through embed_tokens.onnx. */
export async function embed(ort: Ort, graphs: Graphs, ids: readonly number[]): Promise<{ data: Float32Array; hidden: number }> {
  const { embed } = graphs;
  const input = new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [1, ids.length]);
  const output = (await embed.run({ [embed.roles.inputIds]: input }))[embed.roles.inputsEmbeds]!;
  return { data: float32(output, embed.roles.inputsEmbeds, embed.file), hidden: Number(output.dims.at(-1)) };
}

/**
 * Greedy decoding (or seeded sampling when temperature > 0) with the KV cache: the prefill
 * feeds the whole prompt's embeddings, each later step only the newest token's, with the
 * previous step's `present.*` as `past_key_values.*`.
 */
export async function decode(ort: Ort, graphs: Graphs, prompt: { embeds: Float32Array; length: number; hidden: number }, settings: DecodeSettings): Promise<number[]> {
  const { decoder } = graphs;
  const roles = decoder.roles;
  const { heads, headDim, type } = settings.cache;
  const empty = type === "float16" ? new Uint16Array(0) : new Float32Array(0);
  let past: Record<string, OrtTensor> = {};
  for (const layer of roles.layers) {
    past[layer.pastKey] = new ort.Tensor(type as "float32", empty as Float32Array, [1, heads, 0, headDim]);
    past[layer.pastValue] = new ort.Tensor(type as "float32", empty as Float32Array, [1, heads, 0, headDim]);
  }
  const random = settings.temperature > 0 ? mulberry32(settings.seed) : null;
  const generated: number[] = [];
  let embeds = prompt.embeds;
  let inputTokens = prompt.length;
  let pastLength = 0;
  for (let step = 0; generated.length < settings.maxTokens; step++) {
    const total = pastLength + inputTokens;
    const feeds: Record<string, OrtTensor> = {
      ...past,
      [roles.inputsEmbeds]: new ort.Tensor("float32", embeds, [1, inputTokens, prompt.hidden]),
    };
    if (roles.attentionMask) feeds[roles.attentionMask] = new ort.Tensor("int64", new BigInt64Array(total).fill(1n), [1, total]);
    if (roles.positionIds) {
      feeds[roles.positionIds] = new ort.Tensor("int64", BigInt64Array.from({ length: inputTokens }, (_, i) => BigInt(pastLength + i)), [1, inputTokens]);
    }
    if (roles.useCacheBranch) feeds[roles.useCacheBranch] = new ort.Tensor("bool", new Uint8Array([step > 0 ? 1 : 0]), [1]);
    settings.onStep?.({ step, inputTokens, pastLength });
    const outputs = await decoder.run(feeds);
    const logits = outputs[roles.logits]!;
    const vocab = Number(logits.dims.at(-1));
    const all = float32(logits, roles.logits, decoder.file);
    const last = all.subarray(all.length - vocab);
    const token = random === null ? argmax(last) : sample(last, settings.temperature, random);
    if (settings.eosTokenIds.has(token)) break;
    generated.push(token);
    if (generated.length >= settings.maxTokens) break;
    past = {};
    for (const layer of roles.layers) {
      past[layer.pastKey] = outputs[layer.presentKey]!;
      past[layer.pastValue] = outputs[layer.presentValue]!;
    }
    const presentLength = Number(outputs[roles.layers[0]!.presentKey]!.dims[2]);
    if (presentLength !== total) {
      throw new AdapterError(`${decoder.file}: present.0.key holds ${presentLength} positions after a step over ${total}; the cache outputs do not follow the export convention.`);
    }
    pastLength = total;
    inputTokens = 1;
    embeds = (await embed(ort, graphs, [token])).data;
  }
  return generated;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function sample(logits: Float32Array, temperature: number, random: () => number): number {
  const max = logits[argmax(logits)]!;
  const weights = Float64Array.from(logits, (v) => Math.exp((v - max) / temperature));
  let total = 0;
  for (const w of weights) total += w;
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return i;
  }
  return weights.length - 1;
}
