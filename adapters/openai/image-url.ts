import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { DataError } from "../../src/errors.js";
import { ImageCache, sniffMime } from "../../src/images.js";

/** Long side of an image re-encoded because it was over the byte cap. */
export const MAX_LONG_SIDE = 2048;
export const JPEG_QUALITY = 90;

// Shared by every openai adapter in the process (a model and its judge read the same images);
// the budget bounds memory on VQAv2-sized runs while keeping the images in flight hot.
const CACHE_BUDGET_BYTES = 256 * 2 ** 20;
const cache = new ImageCache<Buffer>(CACHE_BUDGET_BYTES, (part) => part.length);

/**
 * The request's content part for an image file, `{"type":"image_url","image_url":{"url":"data:…"}},`
 * (with its trailing comma: the text part always follows), as bytes ready to splice into a body.
 * Built once per (file, cap) while it stays in the cache.
 */
export function imageUrlPart(path: string, maxBytes: number): Promise<Buffer> {
  return cache.get(`${maxBytes}\u0000${path}`, async () => {
    const part = JSON.stringify({ type: "image_url", image_url: { url: await imageDataUrl(path, maxBytes) } });
    return Buffer.from(`${part},`);
  });
}

/**
 * The `data:` URL for an image file. JPEG and PNG under the cap go as their original bytes, so
 * the server decodes exactly what the dataset holds; anything else is re-encoded to JPEG, and
 * shrunk too when over the cap.
 */
export async function imageDataUrl(path: string, maxBytes: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DataError(`cannot read image ${path} (${code}): restore the benchmark's image files.`, {
      file: path,
      cause: error,
    });
  }
  const mime = sniffMime(bytes);
  const oversized = bytes.length > maxBytes;
  if ((mime === "image/jpeg" || mime === "image/png") && !oversized) return dataUrl(mime, bytes);
  try {
    // removeAlpha drops the alpha band like LLaVA's PIL `.convert("RGB")`, instead of libvips'
    // default of flattening onto black, so transparent WebP/GIF pixels keep their colours.
    let image = sharp(bytes).removeAlpha();
    if (oversized) {
      image = image.resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: "inside", withoutEnlargement: true });
    }
    return dataUrl("image/jpeg", await image.jpeg({ quality: JPEG_QUALITY }).toBuffer());
  } catch (error) {
    throw new DataError(
      `cannot re-encode image ${path} (${mime}, ${bytes.length} bytes) to JPEG: ${(error as Error).message}. ` +
        `Replace it with a JPEG or PNG copy.`,
      { file: path, cause: error },
    );
  }
}

function dataUrl(mime: string, bytes: Buffer): string {
  return `data:${mime};base64,${bytes.toString("base64")}`;
}
