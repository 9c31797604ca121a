import { DataError } from "../../src/errors.js";
import type { Ort, OrtTensor } from "./runtime.js";
import type { TextSide } from "./text.js";

/** A prompt ready for embed_tokens: its ids with the image slots expanded, as ids and as a tensor. */
export interface PreparedPrompt {
  /** Token ids; each image token repeated once per feature vector of its image. */
  ids: readonly number[];
  /** The same ids as input_ids [1, n]. Shared by every sample with this prompt; never written. */
  inputIds: OrtTensor;
  /** Where each image's features go: the index of its first token in `ids`. */
  imageStarts: readonly number[];
}

const MAX_PROMPTS = 4096;

/**
 * Benchmarks ask the same question of many images (POPE: 18 times per object name), and the
 * chat template render plus tokenisation cost more than a small model's forward pass, so a
 * prompt is prepared once per (prompt, image feature counts) and reused.
 */
export class PromptCache {
  /** By prompt, then by the images' feature counts (a number for one image, "2,576" for several). */
  private readonly prepared = new Map<string, Map<number | string, PreparedPrompt>>();

  constructor(
    private readonly ort: Ort,
    private readonly text: TextSide,
  ) {}

  get(prompt: string, images: readonly { tokens: number }[], sampleId?: string): PreparedPrompt {
    // Two levels, not one joined key: building and hashing a fresh key string per sample cost more than the lookup saves.
    const counts = images.length === 1 ? images[0]!.tokens : images.map((i) => i.tokens).join(",");
    let byCounts = this.prepared.get(prompt);
    if (byCounts === undefined) {
      if (this.prepared.size >= MAX_PROMPTS) this.prepared.delete(this.prepared.keys().next().value!);
      byCounts = new Map();
      this.prepared.set(prompt, byCounts);
    }
    let entry = byCounts.get(counts);
    if (entry === undefined) {
      entry = this.make(prompt, images, sampleId);
      if (byCounts.size >= 64) byCounts.clear();
      byCounts.set(counts, entry);
    }
    return entry;
  }

  private make(prompt: string, images: readonly { tokens: number }[], sampleId?: string): PreparedPrompt {
    const { text } = this;
    const rendered = text.render(prompt, images.length);
    const ids = expandImageTokens(text.encode(rendered.text, rendered.addSpecialTokens), text.imageTokenId, images, sampleId);
    const imageStarts: number[] = [];
    let offset = 0;
    for (const image of images) {
      const at = ids.indexOf(text.imageTokenId, offset);
      imageStarts.push(at);
      offset = at + image.tokens;
    }
    const int64 = new BigInt64Array(ids.length);
    for (let i = 0; i < ids.length; i++) int64[i] = BigInt(ids[i]!);
    return { ids, inputIds: new this.ort.Tensor("int64", int64, [1, ids.length]), imageStarts };
  }
}

/** Each image token becomes as many tokens as the vision encoder gives that image features. */
export function expandImageTokens(
  ids: readonly number[],
  imageTokenId: number,
  images: readonly { tokens: number }[],
  sampleId?: string,
): number[] {
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
