import { AdapterError, DataError } from "../../src/errors.js";
import { mulberry32 } from "../../src/random.js";
import type { ReusedInputs } from "./feeds.js";
import type { OrtTensor } from "./runtime.js";
import type { Graphs } from "./sessions.js";

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
  onStep?: (step: DecodeStep) => void;
  /** Called with each step's next-token logits and the token chosen (log-probabilities for `vlm-bench explain`). */
  onLogits?: (logits: Float32Array, token: number) => void;
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

/** Token ids [1, n] → the embeddings tensor [1, n, hidden] through embed_tokens.onnx. */
export async function embed(graphs: Graphs, inputIds: OrtTensor): Promise<OrtTensor> {
  const { embed } = graphs;
  const output = (await embed.run({ [embed.roles.inputIds]: inputIds }))[embed.roles.inputsEmbeds]!;
  float32(output, embed.roles.inputsEmbeds, embed.file);
  if (output.dims.length !== 3) {
    throw new AdapterError(
      `${embed.file}: ${embed.roles.inputsEmbeds} has shape [${output.dims.join(", ")}]; the export convention is [batch, tokens, hidden].`,
    );
  }
  return output;
}

/**
 * Greedy decoding (or seeded sampling when temperature > 0) with the KV cache: the prefill
 * feeds the whole prompt's embeddings ([1, n, hidden], float32), each later step only the
 * newest token's, with the previous step's `present.*` as `past_key_values.*`.
 */
export async function decode(graphs: Graphs, inputs: ReusedInputs, promptEmbeds: OrtTensor, settings: DecodeSettings): Promise<number[]> {
  const { decoder } = graphs;
  const roles = decoder.roles;
  // One feeds object per sample, its entries replaced step by step.
  const feeds: Record<string, OrtTensor> = {};
  for (const layer of roles.layers) {
    feeds[layer.pastKey] = inputs.emptyPast;
    feeds[layer.pastValue] = inputs.emptyPast;
  }
  const random = settings.temperature > 0 ? mulberry32(settings.seed) : null;
  const generated: number[] = [];
  let embeds = promptEmbeds;
  let pastLength = 0;
  for (let step = 0; generated.length < settings.maxTokens; step++) {
    const inputTokens = Number(embeds.dims[1]);
    const total = pastLength + inputTokens;
    feeds[roles.inputsEmbeds] = embeds;
    if (roles.attentionMask) feeds[roles.attentionMask] = inputs.attentionMask(total);
    if (roles.positionIds) feeds[roles.positionIds] = inputs.positionIds(pastLength, inputTokens);
    if (roles.useCacheBranch) feeds[roles.useCacheBranch] = inputs.useCacheBranch(step > 0);
    settings.onStep?.({ step, inputTokens, pastLength });
    const outputs = await decoder.run(feeds);
    const logits = outputs[roles.logits]!;
    const vocab = Number(logits.dims.at(-1));
    const all = float32(logits, roles.logits, decoder.file);
    const last = all.subarray(all.length - vocab);
    const token = random === null ? argmax(last) : sample(last, settings.temperature, random);
    settings.onLogits?.(last, token);
    if (settings.eosTokenIds.has(token)) break;
    generated.push(token);
    if (generated.length >= settings.maxTokens) break;
    for (const layer of roles.layers) {
      feeds[layer.pastKey] = outputs[layer.presentKey]!;
      feeds[layer.pastValue] = outputs[layer.presentValue]!;
    }
    const presentLength = Number(outputs[roles.layers[0]!.presentKey]!.dims[2]);
    if (presentLength !== total) {
      throw new AdapterError(
        `${decoder.file}: present.0.key holds ${presentLength} positions after a step over ${total}; the cache outputs do not follow the export convention.`,
      );
    }
    pastLength = total;
    embeds = await embed(graphs, inputs.token(token));
  }
  return generated;
}

/** Natural-log softmax of one step's logits at `token`, and the `top` most likely tokens with theirs. */
export function logSoftmaxTop(
  logits: ArrayLike<number>,
  token: number,
  top: number,
): { logprob: number; top: { id: number; logprob: number }[] } {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  const ids = Array.from({ length: logits.length }, (_, i) => i)
    .sort((a, b) => logits[b]! - logits[a]! || a - b)
    .slice(0, top);
  return { logprob: logits[token]! - logZ, top: ids.map((id) => ({ id, logprob: logits[id]! - logZ })) };
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
