/**
 * Images that arrive as bytes (a parquet image struct, a base64 TSV cell) become files in a
 * content-addressed folder, so adapters keep receiving file paths as they do for the official
 * layouts. Each distinct image is checked (sharp reads its header) and written once; a later
 * run finds it already there and neither checks nor writes it again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { DataError } from "../errors.js";
import { sniffMime } from "../images.js";

/** Where images from parquet/TSV files go: $VLM_BENCH_IMAGE_CACHE, else ~/.cache/vlm-bench/images ($XDG_CACHE_HOME honoured). */
export function defaultImageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VLM_BENCH_IMAGE_CACHE !== undefined && env.VLM_BENCH_IMAGE_CACHE !== "") return path.resolve(env.VLM_BENCH_IMAGE_CACHE);
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : path.join(os.homedir(), ".cache");
  return path.join(base, "vlm-bench", "images");
}

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

export class ImageStore {
  private readonly known = new Map<string, string>(); // sha256 → file
  /** Images checked and written by this store (cache misses), and images found already stored. */
  written = 0;
  reused = 0;

  constructor(readonly dir: string = defaultImageCacheDir()) {}

  /**
   * The file holding these bytes. `where` names the sample (and file) for the error when the
   * bytes are missing or are not an image a model could read.
   */
  async put(bytes: Uint8Array | null | undefined, where: { sampleId: string; file: string; benchmark: string }): Promise<string> {
    if (bytes === null || bytes === undefined || bytes.length === 0) {
      throw new DataError(
        `${where.file}: ${where.benchmark} sample ${where.sampleId} has no image bytes (its image struct holds no bytes). ` +
          `Download the dataset again; a snapshot whose images are only paths cannot be run.`,
        { file: where.file, sampleId: where.sampleId },
      );
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    const seen = this.known.get(hash);
    if (seen !== undefined) return seen;
    const mime = sniffMime(bytes);
    const ext = EXTENSIONS[mime];
    const bad = (why: string) =>
      new DataError(`${where.file}: the image of ${where.benchmark} sample ${where.sampleId} ${why}. Download the dataset again.`, {
        file: where.file,
        sampleId: where.sampleId,
      });
    if (ext === undefined) throw bad("is not a JPEG, PNG, GIF or WebP image");
    const file = path.join(this.dir, hash.slice(0, 2), `${hash}.${ext}`);
    if (existsSync(file)) {
      this.reused++;
    } else {
      try {
        const meta = await sharp(bytes).metadata();
        if (!meta.width || !meta.height) throw new Error("no dimensions");
      } catch (error) {
        throw bad(`cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
      }
      mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, bytes);
      renameSync(partial, file); // readers never see half a file
      this.written++;
    }
    this.known.set(hash, file);
    return file;
  }
}
