import path from "node:path";
import { DataError } from "../../src/errors.js";

/** What the adapter needs to know of a session: its names and, where ORT reports them, input types and shapes. */
export interface SessionSignature {
  file: string;
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[];
}

export interface VisionRoles {
  pixelValues: string;
  imageFeatures: string;
}

export interface EmbedRoles {
  inputIds: string;
  inputsEmbeds: string;
}

export interface DecoderRoles {
  inputsEmbeds: string;
  attentionMask?: string;
  positionIds?: string;
  /** Merged decoders (optimum) switch between their two branches with this boolean. */
  useCacheBranch?: string;
  logits: string;
  /** Per layer: the cache inputs and the outputs that feed them on the next step. */
  layers: { pastKey: string; pastValue: string; presentKey: string; presentValue: string }[];
  /** Element type and [heads, headDim] of the cache, when the graph declares them. */
  cacheType?: string;
  cacheShape?: { heads?: number; headDim?: number };
}

function mismatch(signature: SessionSignature, what: string): DataError {
  const file = path.basename(signature.file);
  return new DataError(
    `${signature.file}: ${what}. Its inputs: ${signature.inputNames.join(", ") || "none"}; outputs: ` +
      `${signature.outputNames.join(", ") || "none"}. The onnx: adapter expects the optimum / transformers.js export ` +
      `(${EXPECTED[file.replace(/(_fp16|_quantized|_int8|_uint8|_q4f16|_q4|_bnb4)?\.onnx$/, "")] ?? "see README"}).`,
    { file: signature.file },
  );
}

const EXPECTED: Record<string, string> = {
  vision_encoder: "vision_encoder.onnx: pixel_values → image_features",
  embed_tokens: "embed_tokens.onnx: input_ids → inputs_embeds",
  decoder_model_merged:
    "decoder_model_merged.onnx: inputs_embeds, attention_mask, position_ids?, past_key_values.N.key/value, use_cache_branch? → logits, present.N.key/value",
};

/** One output: the conventional name if present, else the only output there is. */
function pickOutput(signature: SessionSignature, conventional: string): string {
  if (signature.outputNames.includes(conventional)) return conventional;
  if (signature.outputNames.length === 1) return signature.outputNames[0]!;
  throw mismatch(signature, `no "${conventional}" output`);
}

function rejectUnknown(signature: SessionSignature, known: (name: string) => boolean): void {
  const unknown = signature.inputNames.filter((name) => !known(name));
  if (unknown.length > 0) {
    throw mismatch(signature, `input "${unknown[0]}" has no role the adapter knows, so it cannot be fed`);
  }
}

/** The adapter feeds float32 pixels and embeddings: a graph declaring another type is refused up front. */
function requireFloat32(signature: SessionSignature, input: string): void {
  const type = signature.inputMetadata?.find((m) => m.name === input)?.type;
  if (type !== undefined && type !== "float32") {
    throw mismatch(
      signature,
      `input "${input}" is ${type}; the onnx: adapter feeds float32 (use the fp32 or a q8/q4 variant, --onnx-dtype)`,
    );
  }
}

export function visionRoles(signature: SessionSignature): VisionRoles {
  rejectUnknown(signature, (name) => name === "pixel_values");
  if (!signature.inputNames.includes("pixel_values")) throw mismatch(signature, 'no "pixel_values" input');
  requireFloat32(signature, "pixel_values");
  return { pixelValues: "pixel_values", imageFeatures: pickOutput(signature, "image_features") };
}

export function embedRoles(signature: SessionSignature): EmbedRoles {
  rejectUnknown(signature, (name) => name === "input_ids");
  if (!signature.inputNames.includes("input_ids")) throw mismatch(signature, 'no "input_ids" input');
  return { inputIds: "input_ids", inputsEmbeds: pickOutput(signature, "inputs_embeds") };
}

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;

export function decoderRoles(signature: SessionSignature): DecoderRoles {
  const inputs = new Set(signature.inputNames);
  rejectUnknown(
    signature,
    (name) => ["inputs_embeds", "attention_mask", "position_ids", "use_cache_branch"].includes(name) || PAST.test(name),
  );
  if (!inputs.has("inputs_embeds")) throw mismatch(signature, 'no "inputs_embeds" input (a text-only export takes input_ids instead)');
  requireFloat32(signature, "inputs_embeds");
  const layerCount = signature.inputNames.filter((name) => PAST.test(name)).length / 2;
  const layers: DecoderRoles["layers"] = [];
  for (let i = 0; i < layerCount; i++) {
    const layer = {
      pastKey: `past_key_values.${i}.key`,
      pastValue: `past_key_values.${i}.value`,
      presentKey: `present.${i}.key`,
      presentValue: `present.${i}.value`,
    };
    if (!inputs.has(layer.pastKey) || !inputs.has(layer.pastValue)) {
      throw mismatch(
        signature,
        `the cache inputs are not numbered 0…${layerCount - 1} in key/value pairs (no ${layer.pastKey} or ${layer.pastValue})`,
      );
    }
    for (const output of [layer.presentKey, layer.presentValue]) {
      if (!signature.outputNames.includes(output)) throw mismatch(signature, `input ${layer.pastKey} has no matching output "${output}"`);
    }
    layers.push(layer);
  }
  if (layers.length === 0) throw mismatch(signature, "no past_key_values.N.key/value inputs (an export without a KV cache)");
  if (!signature.outputNames.includes("logits")) throw mismatch(signature, 'no "logits" output');
  const meta = signature.inputMetadata?.find((m) => m.name === layers[0]!.pastKey);
  const shape = meta?.shape;
  const dim = (value: number | string | undefined) => (typeof value === "number" && value > 0 ? value : undefined);
  return {
    inputsEmbeds: "inputs_embeds",
    attentionMask: inputs.has("attention_mask") ? "attention_mask" : undefined,
    positionIds: inputs.has("position_ids") ? "position_ids" : undefined,
    useCacheBranch: inputs.has("use_cache_branch") ? "use_cache_branch" : undefined,
    logits: "logits",
    layers,
    cacheType: meta?.type,
    cacheShape: shape?.length === 4 ? { heads: dim(shape[1]), headDim: dim(shape[3]) } : undefined,
  };
}
