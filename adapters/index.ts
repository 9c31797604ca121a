import { UsageError } from "../src/errors.js";
import type { AdapterFactory, AdapterOption, AdapterSpec, ModelAdapter } from "../src/types.js";
import { baselineAdapter } from "./baseline.js";
import { commandAdapter } from "./command/index.js";
import { onnxAdapter } from "./onnx/index.js";
import { openaiAdapter } from "./openai/index.js";
import { replayAdapter } from "./replay.js";

/** Every adapter kind the CLI knows; a new adapter is one folder and one line here. */
export const adapterFactories: readonly AdapterFactory[] = [openaiAdapter, baselineAdapter, replayAdapter, commandAdapter, onnxAdapter];

/** An adapter's own option (AdapterFactory.options) with the kind that declares it. */
export interface DeclaredAdapterOption extends AdapterOption {
  kind: string;
}

/**
 * Every adapter-specific option of every adapter, as data: the composition root makes `run`'s
 * flags (those with a `flag`) and reads a config file's model keys (`config`) from these, so
 * no option of one adapter is spelled out anywhere else.
 */
export const adapterOptions: readonly DeclaredAdapterOption[] = adapterFactories.flatMap((factory) =>
  (factory.options ?? []).map((option) => ({ ...option, kind: factory.kind })),
);

/** Splits `KIND:NAME` at the first colon (names may hold colons, e.g. `openai:llava:7b`). */
export function parseModelOption(text: string): { kind: string; name: string } {
  const colon = text.indexOf(":");
  return colon < 0 ? { kind: text, name: "" } : { kind: text.slice(0, colon), name: text.slice(colon + 1) };
}

export async function createAdapter(spec: AdapterSpec): Promise<ModelAdapter> {
  const factory = adapterFactories.find((f) => f.kind === spec.kind);
  if (factory === undefined) {
    const known = adapterFactories.map((f) => `  ${f.description}`).join("\n");
    throw new UsageError(`unknown model adapter "${spec.kind}". Use --model KIND:NAME with one of:\n${known}`);
  }
  return factory.create(spec);
}
