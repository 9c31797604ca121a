import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * A tiny generative VLM in the optimum / transformers.js ONNX layout, written by the test:
 *   vision_encoder.onnx   pixel_values [1,3,S,S] → image_features [1,2,4]: per-channel means,
 *                         two tokens [mean R, mean B, 0, 0] and [R/2, B/2, 0, 0]
 *   embed_tokens.onnx     input_ids → inputs_embeds via a table: words [0,0,0,1], yes/no [0,0,1,1]
 *   decoder_model_merged  one layer, one head, head size 4, K = V = the input embeddings;
 *                         present = concat(past, new); ctx = mean of present.value over positions;
 *                         logits = ctx·Wc + x·Wx
 * so after the prompt it says "yes" when the image is redder than it is blue and "no" when bluer
 * (Wc), and after "yes"/"no" it says EOS (Wx). Nothing of the image reaches a later step except
 * through the cache.
 */
export const VOCAB = [
  "<unk>", "<s>", "</s>", "<image>", "yes", "no",
  "USER", "ASSISTANT", ":", "Is", "there", "a", "in", "the", "image", "?", "Answer", "question", "using",
  "single", "word", "or", "phrase", ".", "red", "blue", "square", "circle",
];
export const ID = Object.fromEntries(VOCAB.map((token, id) => [token, id])) as Record<string, number>;
export const IMAGE_TOKENS = 2;
const HIDDEN = 4;

export interface TinyVlmOptions {
  /** File-name suffix of the .onnx files (e.g. "_q4"). */
  suffix?: string;
  /** Leave one required file out. */
  omit?: string;
  /** Rename the decoder's inputs_embeds input (a graph whose inputs do not match the roles). */
  decoderInputName?: string;
  /** Write a chat template into tokenizer_config.json. Default true. */
  chatTemplate?: boolean;
  /** Preprocessor size/crop (default: shortest edge 8, centre crop 8). */
  preprocessor?: Record<string, unknown>;
  /** Replace tokenizer.json with this text. */
  tokenizerText?: string;
}

export const CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}USER: {% for c in m.content %}{% if c.type == 'image' %}<image>\n{% else %}{{ c.text }}{% endif %}{% endfor %}{% endfor %}{% if add_generation_prompt %} ASSISTANT:{% endif %}";

export const PREPROCESSOR = {
  image_processor_type: "CLIPImageProcessor",
  do_resize: true,
  size: { shortest_edge: 8 },
  resample: 3,
  do_center_crop: true,
  crop_size: { height: 8, width: 8 },
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.5, 0.5, 0.5],
  image_std: [0.5, 0.5, 0.5],
  do_convert_rgb: true,
};

/** Writes the model folder into `dir` and returns it. */
export function writeTinyVlm(dir: string, options: TinyVlmOptions = {}): string {
  const suffix = options.suffix ?? "";
  mkdirSync(path.join(dir, "onnx"), { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    "config.json": JSON.stringify({
      model_type: "llava",
      image_token_index: ID["<image>"],
      eos_token_id: ID["</s>"],
      text_config: { hidden_size: HIDDEN, num_attention_heads: 1, num_key_value_heads: 1, num_hidden_layers: 1 },
    }),
    "preprocessor_config.json": JSON.stringify({ ...PREPROCESSOR, ...options.preprocessor }),
    "tokenizer.json": options.tokenizerText ?? JSON.stringify(tokenizerJson()),
    "tokenizer_config.json": JSON.stringify({
      bos_token: "<s>",
      eos_token: "</s>",
      unk_token: "<unk>",
      ...(options.chatTemplate === false ? {} : { chat_template: CHAT_TEMPLATE }),
    }),
    [`onnx/vision_encoder${suffix}.onnx`]: visionEncoder(),
    [`onnx/embed_tokens${suffix}.onnx`]: embedTokens(),
    [`onnx/decoder_model_merged${suffix}.onnx`]: decoder(options.decoderInputName ?? "inputs_embeds"),
  };
  for (const [name, content] of Object.entries(files)) {
    if (name === options.omit) continue;
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function tokenizerJson() {
  const special = ["<unk>", "<s>", "</s>", "<image>"].map((content) => ({
    id: ID[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: special,
    normalizer: null,
    pre_tokenizer: { type: "Whitespace" },
    post_processor: null,
    decoder: null,
    model: { type: "WordLevel", vocab: ID, unk_token: "<unk>" },
  };
}

// ---- ONNX graph building ----

type Dim = number | string;
const valueInfo = (name: string, elemType: number, dims: Dim[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });

const floats = (name: string, dims: number[], values: number[]) =>
  onnx.TensorProto.create({ name, dataType: FLOAT, dims, rawData: new Uint8Array(Float32Array.from(values).buffer) });
const int64s = (name: string, dims: number[], values: number[]) =>
  onnx.TensorProto.create({ name, dataType: INT64, dims, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) });

const node = (opType: string, input: string[], output: string[], attributes: Record<string, number | number[]> = {}) =>
  onnx.NodeProto.create({
    opType,
    input,
    output,
    attribute: Object.entries(attributes).map(([name, value]) =>
      Array.isArray(value)
        ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value }
        : { name, type: onnx.AttributeProto.AttributeType.INT, i: value },
    ),
  });

function model(name: string, nodes: ReturnType<typeof node>[], inputs: ReturnType<typeof valueInfo>[], outputs: ReturnType<typeof valueInfo>[], initializer: ReturnType<typeof floats>[]): Uint8Array {
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "vlm-bench tests",
    opsetImport: [{ domain: "", version: 13 }],
    graph: { name, node: nodes, input: inputs, output: outputs, initializer },
  });
  return onnx.ModelProto.encode(proto).finish();
}

function visionEncoder(): Uint8Array {
  // W [3, 2·4]: token 0 = [R, B, 0, 0], token 1 = [R/2, B/2, 0, 0] (channel 1, green, unused).
  const w = new Array(3 * IMAGE_TOKENS * HIDDEN).fill(0);
  const at = (channel: number, token: number, dim: number) => channel * IMAGE_TOKENS * HIDDEN + token * HIDDEN + dim;
  w[at(0, 0, 0)] = 1;
  w[at(2, 0, 1)] = 1;
  w[at(0, 1, 0)] = 0.5;
  w[at(2, 1, 1)] = 0.5;
  return model(
    "vision_encoder",
    [
      node("ReduceMean", ["pixel_values"], ["means"], { axes: [2, 3], keepdims: 0 }),
      node("MatMul", ["means", "W"], ["flat"]),
      node("Reshape", ["flat", "shape"], ["image_features"]),
    ],
    [valueInfo("pixel_values", FLOAT, ["batch_size", 3, "height", "width"])],
    [valueInfo("image_features", FLOAT, ["batch_size", IMAGE_TOKENS, HIDDEN])],
    [floats("W", [3, IMAGE_TOKENS * HIDDEN], w), int64s("shape", [3], [-1, IMAGE_TOKENS, HIDDEN])],
  );
}

function embedTokens(): Uint8Array {
  const table: number[] = [];
  for (const token of VOCAB) table.push(...(token === "yes" || token === "no" ? [0, 0, 1, 1] : token === "<image>" ? [0, 0, 0, 0] : [0, 0, 0, 1]));
  return model(
    "embed_tokens",
    [node("Gather", ["table", "input_ids"], ["inputs_embeds"], { axis: 0 })],
    [valueInfo("input_ids", INT64, ["batch_size", "sequence_length"])],
    [valueInfo("inputs_embeds", FLOAT, ["batch_size", "sequence_length", HIDDEN])],
    [floats("table", [VOCAB.length, HIDDEN], table)],
  );
}

function decoder(embedsName: string): Uint8Array {
  const V = VOCAB.length;
  const wc = new Array(HIDDEN * V).fill(0); // ctx → logits
  const wx = new Array(HIDDEN * V).fill(0); // current token → logits
  const set = (w: number[], dim: number, token: string, value: number) => (w[dim * V + ID[token]!] = value);
  set(wc, 0, "yes", 10);
  set(wc, 1, "yes", -10);
  set(wc, 0, "no", -10);
  set(wc, 1, "no", 10);
  set(wx, 2, "yes", -100);
  set(wx, 2, "no", -100);
  set(wx, 2, "</s>", 10);
  const k = (name: string) => [
    node("Unsqueeze", [embedsName, "axis1"], [`${name}_new`]),
    node("Concat", [`past_key_values.0.${name}`, `${name}_new`], [`present.0.${name}`], { axis: 2 }),
  ];
  return model(
    "decoder_model_merged",
    [
      ...k("key"),
      ...k("value"),
      node("ReduceMean", ["present.0.value"], ["ctx4"], { axes: [2], keepdims: 0 }), // [1, 1, 4]
      node("MatMul", ["ctx4", "Wc"], ["from_ctx"]), // [1, 1, V]
      node("MatMul", [embedsName, "Wx"], ["from_x"]), // [1, L, V]
      node("Add", ["from_x", "from_ctx"], ["logits"]),
    ],
    [
      valueInfo(embedsName, FLOAT, ["batch_size", "sequence_length", HIDDEN]),
      valueInfo("attention_mask", INT64, ["batch_size", "total_sequence_length"]),
      valueInfo("position_ids", INT64, ["batch_size", "sequence_length"]),
      valueInfo("past_key_values.0.key", FLOAT, ["batch_size", 1, "past_sequence_length", HIDDEN]),
      valueInfo("past_key_values.0.value", FLOAT, ["batch_size", 1, "past_sequence_length", HIDDEN]),
    ],
    [
      valueInfo("logits", FLOAT, ["batch_size", "sequence_length", V]),
      valueInfo("present.0.key", FLOAT, ["batch_size", 1, "total_sequence_length", HIDDEN]),
      valueInfo("present.0.value", FLOAT, ["batch_size", 1, "total_sequence_length", HIDDEN]),
    ],
    [floats("Wc", [HIDDEN, V], wc), floats("Wx", [HIDDEN, V], wx), int64s("axis1", [1], [1])],
  );
}
