import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

export const QUADRANT_SIZE = 64;

/**
 * A W×H image that is blue except for its top-left quadrant, which is red (`redTopLeft`) or blue:
 * for models that look only at that quadrant, the one region that decides the answer.
 */
export async function quadrantImage(file: string, redTopLeft = true, width = QUADRANT_SIZE, height = QUADRANT_SIZE): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const red = redTopLeft && x < width / 2 && y < height / 2;
      pixels.set(red ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toFile(file);
  return file;
}

/**
 * POPE's official layout with one quadrant image (…1.jpg) and one question about it per split;
 * sample ids are `random/1`, `popular/1`, `adversarial/1`.
 */
export async function quadrantPope(dataDir: string, size = { width: QUADRANT_SIZE, height: QUADRANT_SIZE }): Promise<string> {
  const dir = path.join(dataDir, "pope");
  mkdirSync(path.join(dir, "val2014"), { recursive: true });
  await quadrantImage(path.join(dir, "val2014", "COCO_val2014_000000000001.jpg"), true, size.width, size.height);
  for (const split of ["random", "popular", "adversarial"]) {
    const row = { question_id: 1, image: "COCO_val2014_000000000001.jpg", text: "Is there a red square in the image?", label: "yes" };
    writeFileSync(path.join(dir, `coco_pope_${split}.json`), `${JSON.stringify(row)}\n`);
  }
  return dataDir;
}
