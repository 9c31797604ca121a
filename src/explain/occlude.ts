import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { DataError, UsageError } from "../errors.js";
import { type Cell, gridCells } from "./grid.js";

/**
 * The patch that covers a cell: the image's own mean colour. A grey patch is a colour of its own
 * (on a grey-dominated image it hides nothing; on a colourful one it adds an object-like blob),
 * and a blurred patch keeps the cell's colour and coarse shape, so a model that reads colour
 * still sees it. The mean colour removes the cell's content while leaving the image's global
 * colour statistics as they were.
 */
export const OCCLUSION_FILL = "mean";

export interface DecodedImage {
  file: string;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  pixels: Buffer;
}

/** The image's pixels as stored (no EXIF rotation: the model is sent the same bytes, so cell coordinates must match them). */
export async function decodeImage(file: string, sampleId: string): Promise<DecodedImage> {
  try {
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    return { file, width: info.width, height: info.height, channels: info.channels, pixels: data };
  } catch (error) {
    throw new DataError(`sample ${sampleId}: cannot decode image ${file} (${(error as Error).message}).`, { file, sampleId, cause: error });
  }
}

/** Refuses a grid finer than the image (a cell would be empty), before any request. */
export function checkGrid(image: Pick<DecodedImage, "file" | "width" | "height">, grid: number, sampleId: string): void {
  if (grid > image.width || grid > image.height) {
    throw new UsageError(
      `--grid ${grid} is larger than sample ${sampleId}'s image ${image.file} (${image.width}×${image.height} pixels): ` +
        `every cell needs at least one pixel; use --grid ${Math.min(image.width, image.height)} or less.`,
    );
  }
}

/** Per-channel mean of the whole image, rounded to a whole pixel value (alpha included, so a cell stays as opaque as the image on average). */
export function meanColour(image: DecodedImage): number[] {
  const sums = new Array<number>(image.channels).fill(0);
  for (let i = 0; i < image.pixels.length; i++) sums[i % image.channels]! += image.pixels[i]!;
  const count = image.width * image.height;
  return sums.map((sum) => Math.round(sum / count));
}

/** A copy of the image with one cell covered by `fill`, as a lossless PNG (a JPEG would smear the patch into its neighbours). */
export async function occludedPng(image: DecodedImage, cell: Cell, fill: readonly number[]): Promise<Buffer> {
  const pixels = Buffer.from(image.pixels);
  const { channels, width } = image;
  for (let y = cell.top; y < cell.top + cell.height; y++) {
    for (let x = cell.left; x < cell.left + cell.width; x++) {
      const at = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) pixels[at + c] = fill[c]!;
    }
  }
  return sharp(pixels, { raw: { width, height: image.height, channels } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * The occluded copies of images, written on demand: a file is encoded the first time a request
 * needs it (so encoding overlaps with the requests in flight, and a resumed run encodes only the
 * cells it still sends), then kept for the rest of the run.
 */
export class OccludedImages {
  private readonly pending = new Map<string, () => Promise<void>>();
  private readonly written = new Map<string, Promise<void>>();
  private count = 0;

  constructor(private readonly dir: string) {}

  /** Registers every cell of `image` on a G×G grid; returns each cell's future file by `row,col`. */
  add(image: DecodedImage, grid: number): Map<string, string> {
    const dir = path.join(this.dir, String(this.count++));
    mkdirSync(dir, { recursive: true });
    const fill = meanColour(image);
    const files = new Map<string, string>();
    for (const cell of gridCells(image.width, image.height, grid)) {
      const file = path.join(dir, `r${cell.row}c${cell.col}.png`);
      files.set(`${cell.row},${cell.col}`, file);
      this.pending.set(file, async () => writeFile(file, await occludedPng(image, cell, fill)));
    }
    return files;
  }

  /** Writes `file` if it is a registered occluded copy not yet on disk; other paths are left alone. */
  ensure(file: string): Promise<void> {
    let done = this.written.get(file);
    if (done === undefined) {
      const write = this.pending.get(file);
      if (write === undefined) return Promise.resolve();
      done = write();
      this.written.set(file, done);
    }
    return done;
  }
}
