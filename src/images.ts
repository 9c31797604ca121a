import { constants } from "node:fs";
import { access } from "node:fs/promises";
import pLimit from "p-limit";
import sharp from "sharp";
import { DataError } from "./errors.js";
import type { Sample } from "./types.js";

export type ImageMime = "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "other";

/** The container format, from the file's first bytes (extensions lie; COCO has PNGs named .jpg). */
export function sniffMime(bytes: Uint8Array): ImageMime {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "image/gif";
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45) return "image/webp";
  return "other";
}

/**
 * A least-recently-used cache of per-image work (bytes read, data URLs built) bounded by size,
 * so that an image asked about by many questions is read once while it is in use, and a
 * VQAv2-sized run does not keep 40k images in memory. Concurrent asks share one promise.
 */
export class ImageCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; size: number }>();
  private total = 0;
  constructor(
    private readonly maxSize: number,
    private readonly sizeOf: (value: T) => number,
  ) {}

  get(key: string, make: (key: string) => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry = { value: make(key), size: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.size = this.sizeOf(value);
        this.total += entry.size;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxSize || this.entries.size <= 1) break;
      this.entries.delete(key);
      this.total -= entry.size;
    }
  }
}

/**
 * Checks, before any model call, that every image the samples name exists and has a
 * decodable header, so a missing or corrupt file stops the run with exit 2 and names the
 * sample and path instead of surfacing halfway through as a string of failed requests.
 */
export async function checkImages(samples: readonly Sample[], concurrency = 8): Promise<void> {
  const firstUse = new Map<string, string>();
  for (const sample of samples) {
    for (const image of sample.images) {
      if (!firstUse.has(image)) firstUse.set(image, `${sample.benchmark} ${sample.id}`);
    }
  }
  const limit = pLimit(concurrency);
  const problems: string[] = [];
  await Promise.all(
    [...firstUse].map(([image, sampleId]) =>
      limit(async () => {
        const problem = await imageProblem(image);
        if (problem !== null) problems.push(`sample ${sampleId}: ${image}: ${problem}`);
      }),
    ),
  );
  if (problems.length > 0) {
    problems.sort();
    const shown = problems.slice(0, 5).join("; ");
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    throw new DataError(
      `${problems.length} image(s) cannot be used: ${shown}${more}. ` +
        `Restore the image files from the benchmark's official release, then run again.`,
      { file: problems.length === 1 ? [...firstUse.keys()][0] : undefined },
    );
  }
}

/** Reads only the header (sharp opens files lazily), so the adapter's read stays the only full one. */
async function imageProblem(image: string): Promise<string | null> {
  try {
    await access(image, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "file is missing" : `cannot be read (${code ?? String(error)})`;
  }
  try {
    const meta = await sharp(image).metadata();
    if (!meta.width || !meta.height) return "not a decodable image (no dimensions)";
    return null;
  } catch (error) {
    return `not a decodable image (${(error as Error).message})`;
  }
}
