import path from "node:path";
import { ImageCache } from "../../src/images.js";
import { float32 } from "./decode.js";
import { type PreprocessorConfig, preprocessImage } from "./preprocess.js";
import type { Ort } from "./runtime.js";
import type { Graphs } from "./sessions.js";

/** One image's vision features: `tokens` vectors of the embedding width, row after row. */
export interface Features {
  data: Float32Array;
  tokens: number;
}

/**
 * Each image's vision features, computed once (64 MiB LRU): the vision encoder runs once per
 * image, not per question (POPE asks 18 questions of each image). The runner sends an image's
 * questions together, so the image of the previous request is kept at hand and returned
 * without a cache lookup or a wait.
 */
export class ImageFeatures {
  private readonly cache = new ImageCache<Features>(64 * 2 ** 20, (f) => f.data.byteLength);
  /** Absolute paths as given → resolved (a relative path is resolved every time: the working directory may change). */
  private readonly resolved = new Map<string, string>();
  private last: { image: string; features: Features } | undefined;

  constructor(
    private readonly ort: Ort,
    private readonly graphs: Graphs,
    private readonly preprocessor: PreprocessorConfig,
  ) {}

  /** The features of a request's images, in order; an array at once when it is the previous request's one image. */
  of(images: readonly string[], sampleId: string | undefined): Features[] | Promise<Features[]> {
    if (images.length === 1 && this.last !== undefined && this.last.image === images[0]) return [this.last.features];
    return this.load(images, sampleId);
  }

  private async load(images: readonly string[], sampleId: string | undefined): Promise<Features[]> {
    const features = await Promise.all(images.map((image) => this.cache.get(this.resolve(image), (file) => this.encode(file, sampleId))));
    this.last = images.length === 1 && path.isAbsolute(images[0]!) ? { image: images[0]!, features: features[0]! } : undefined;
    return features;
  }

  private resolve(image: string): string {
    if (!path.isAbsolute(image)) return path.resolve(image);
    let file = this.resolved.get(image);
    if (file === undefined) {
      file = path.resolve(image);
      if (this.resolved.size >= 65536) this.resolved.clear();
      this.resolved.set(image, file);
    }
    return file;
  }

  private async encode(file: string, sampleId: string | undefined): Promise<Features> {
    const pixels = await preprocessImage(file, this.preprocessor, sampleId);
    const { vision } = this.graphs;
    const input = new this.ort.Tensor("float32", pixels.data, [1, 3, pixels.height, pixels.width]);
    const output = (await vision.run({ [vision.roles.pixelValues]: input }))[vision.roles.imageFeatures]!;
    const data = float32(output, vision.roles.imageFeatures, vision.file);
    const hidden = Number(output.dims.at(-1));
    return { data: data.slice(), tokens: data.length / hidden };
  }
}
