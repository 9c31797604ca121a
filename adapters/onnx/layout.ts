import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { DataError, UsageError } from "../../src/errors.js";

/** The three graphs of the layout optimum and transformers.js export VLMs in, under `onnx/`. */
export const GRAPHS = ["vision_encoder", "embed_tokens", "decoder_model_merged"] as const;
export type Graph = (typeof GRAPHS)[number];

/** transformers.js's file-name suffix per dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING). */
export const DTYPE_SUFFIXES: Readonly<Record<string, string>> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** With no --onnx-dtype, each graph uses the first variant present, in this order (best CPU fit first). */
export const AUTO_ORDER = ["fp32", "q8", "int8", "uint8", "q4", "fp16", "q4f16", "bnb4"] as const;

const REQUIRED_JSON = ["config.json", "preprocessor_config.json", "tokenizer.json"] as const;

export interface ModelLayout {
  dir: string;
  /** Absolute .onnx path and chosen dtype per graph. */
  graphs: Record<Graph, { file: string; dtype: string }>;
  json: Record<(typeof REQUIRED_JSON)[number], string>;
  /** Optional files, when present. */
  tokenizerConfig?: string;
  chatTemplateJson?: string;
  chatTemplateJinja?: string;
  generationConfig?: string;
}

const needs = () =>
  `An onnx: model folder needs ${REQUIRED_JSON.join(", ")} and ${GRAPHS.map((g) => `onnx/${g}.onnx`).join(", ")} ` +
  `(the layout optimum and transformers.js export; quantised variants by suffix: ` +
  `${Object.entries(DTYPE_SUFFIXES)
    .filter(([, s]) => s !== "")
    .map(([d, s]) => `${s} (${d})`)
    .join(", ")}); ` +
  `optional: tokenizer_config.json, chat_template.json or chat_template.jinja, generation_config.json.`;

/** Finds the files of a model folder, choosing each graph's variant (`dtype`, or the first present). */
export function readLayout(dir: string, dtype?: string): ModelLayout {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new DataError(`onnx model folder ${root} does not exist. ${needs()}`, { file: root });
  if (dtype !== undefined && !(dtype in DTYPE_SUFFIXES)) {
    throw new UsageError(`--onnx-dtype "${dtype}" is unknown: use one of ${Object.keys(DTYPE_SUFFIXES).join(", ")}.`);
  }
  const json = {} as ModelLayout["json"];
  for (const name of REQUIRED_JSON) {
    const file = path.join(root, name);
    if (!existsSync(file)) throw new DataError(`onnx model folder ${root} has no ${name}. ${needs()}`, { file });
    json[name] = file;
  }
  const onnxDir = path.join(root, "onnx");
  const present = new Set(existsSync(onnxDir) ? readdirSync(onnxDir) : []);
  const graphs = {} as ModelLayout["graphs"];
  for (const graph of GRAPHS) {
    const variants = dtype !== undefined ? [dtype] : AUTO_ORDER;
    const chosen = variants.find((d) => present.has(`${graph}${DTYPE_SUFFIXES[d]}.onnx`));
    if (chosen === undefined) {
      const available = AUTO_ORDER.filter((d) => present.has(`${graph}${DTYPE_SUFFIXES[d]}.onnx`));
      const wanted =
        dtype === undefined
          ? `onnx/${graph}.onnx (or a quantised variant)`
          : `onnx/${graph}${DTYPE_SUFFIXES[dtype]}.onnx (--onnx-dtype ${dtype})`;
      const have = available.length > 0 ? ` It has the ${available.join(", ")} variant(s) of it.` : "";
      throw new DataError(`onnx model folder ${root} has no ${wanted}.${have} ${needs()}`, { file: path.join(onnxDir, `${graph}.onnx`) });
    }
    graphs[graph] = { file: path.join(onnxDir, `${graph}${DTYPE_SUFFIXES[chosen]}.onnx`), dtype: chosen };
  }
  const optional = (name: string) => (existsSync(path.join(root, name)) ? path.join(root, name) : undefined);
  return {
    dir: root,
    graphs,
    json,
    tokenizerConfig: optional("tokenizer_config.json"),
    chatTemplateJson: optional("chat_template.json"),
    chatTemplateJinja: optional("chat_template.jinja"),
    generationConfig: optional("generation_config.json"),
  };
}
