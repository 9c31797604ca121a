import sharp from "sharp";
import { DataError } from "../../src/errors.js";

/** The fields of a Hugging Face `preprocessor_config.json` (CLIP / SigLIP image processors) the adapter follows. */
export interface PreprocessorConfig {
  do_resize?: boolean;
  size?: number | { shortest_edge?: number; height?: number; width?: number };
  /** PIL resampling filter: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming. */
  resample?: number;
  do_center_crop?: boolean;
  crop_size?: number | { height?: number; width?: number };
  do_rescale?: boolean;
  rescale_factor?: number;
  do_normalize?: boolean;
  image_mean?: number[];
  image_std?: number[];
}

/** Pixel values for one image: float32, channels first (3 × height × width), as `pixel_values[0]`. */
export interface PixelValues {
  data: Float32Array;
  height: number;
  width: number;
}

/** PIL filter → the closest libvips kernel (box and hamming have none; bilinear is nearest in effect). */
const KERNELS: Record<number, keyof sharp.KernelEnum> = { 0: "nearest", 1: "lanczos3", 2: "linear", 3: "cubic", 4: "linear", 5: "linear" };

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/** Output size of the resize step, as transformers computes it (shortest edge: the long side truncated). */
export function resizeTarget(width: number, height: number, size: PreprocessorConfig["size"]): { width: number; height: number } {
  if (typeof size === "number") size = { shortest_edge: size };
  if (size?.shortest_edge !== undefined) {
    const edge = size.shortest_edge;
    return width <= height
      ? { width: edge, height: Math.trunc((edge * height) / width) }
      : { width: Math.trunc((edge * width) / height), height: edge };
  }
  if (size?.height !== undefined && size.width !== undefined) return { width: size.width, height: size.height };
  throw new Error(`preprocessor_config.json: "size" ${JSON.stringify(size)} is neither {shortest_edge} nor {height, width}`);
}

function cropTarget(crop: PreprocessorConfig["crop_size"]): { width: number; height: number } {
  if (typeof crop === "number") return { width: crop, height: crop };
  if (crop?.height !== undefined && crop.width !== undefined) return { width: crop.width, height: crop.height };
  throw new Error(`preprocessor_config.json: "crop_size" ${JSON.stringify(crop)} is not {height, width}`);
}

/**
 * Decodes an image and turns it into the vision encoder's input, step by step as the image
 * processor does: RGB, resize (configured filter), centre crop, rescale, normalise, channels first.
 */
export async function preprocessImage(file: string, config: PreprocessorConfig, sampleId?: string): Promise<PixelValues> {
  let image: sharp.Sharp;
  let width: number;
  let height: number;
  try {
    image = sharp(file, { failOn: "truncated" }).removeAlpha().toColourspace("srgb");
    const meta = await sharp(file).metadata();
    width = meta.width!;
    height = meta.height!;
    if (!(width > 0 && height > 0)) throw new Error("no dimensions");
  } catch (error) {
    throw new DataError(
      `${sampleId === undefined ? "" : `sample ${sampleId}: `}cannot decode image ${file} (${(error as Error).message}). Replace or re-download it.`,
      {
        file,
        sampleId,
        cause: error,
      },
    );
  }
  try {
    if (config.do_resize !== false && config.size !== undefined) {
      ({ width, height } = resizeTarget(width, height, config.size));
      image = image.resize(width, height, { fit: "fill", kernel: KERNELS[config.resample ?? 3] ?? "cubic" });
    }
    if (config.do_center_crop === true && config.crop_size !== undefined) {
      const crop = cropTarget(config.crop_size);
      if (crop.width > width || crop.height > height) {
        throw new Error(`the image, ${width}×${height} after resizing, is smaller than crop_size ${crop.width}×${crop.height}`);
      }
      // transformers rounds the offsets down, as here.
      const left = Math.floor((width - crop.width) / 2);
      const top = Math.floor((height - crop.height) / 2);
      image = sharp(await image.raw().toBuffer(), { raw: { width, height, channels: 3 } }).extract({
        left,
        top,
        width: crop.width,
        height: crop.height,
      });
      ({ width, height } = crop);
    }
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== width || info.height !== height) {
      throw new Error(`unexpected raw output ${info.width}×${info.height}×${info.channels}`);
    }
    return { data: toChannelsFirst(data, width, height, config), width, height };
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(
      `${sampleId === undefined ? "" : `sample ${sampleId}: `}cannot preprocess image ${file}: ${(error as Error).message}.`,
      {
        file,
        sampleId,
        cause: error,
      },
    );
  }
}

/** HWC bytes → CHW floats: (v · rescale_factor − mean[c]) / std[c]. */
export function toChannelsFirst(bytes: Uint8Array, width: number, height: number, config: PreprocessorConfig): Float32Array {
  const scale = config.do_rescale === false ? 1 : (config.rescale_factor ?? 1 / 255);
  const normalize = config.do_normalize !== false;
  const mean = normalize ? (config.image_mean ?? CLIP_MEAN) : [0, 0, 0];
  const std = normalize ? (config.image_std ?? CLIP_STD) : [1, 1, 1];
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const s = std[c]!;
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = (bytes[i * 3 + c]! * scale - m) / s;
  }
  return out;
}
