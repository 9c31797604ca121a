import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

/** A plain-colour JPEG of the given size, written to `file`. */
export async function colourImage(file: string, colour: "red" | "blue", width = 12, height = 10): Promise<string> {
  const background = colour === "red" ? { r: 255, g: 0, b: 0 } : { r: 0, g: 0, b: 255 };
  await sharp({ create: { width, height, channels: 3, background } }).jpeg({ quality: 95 }).toFile(file);
  return file;
}

/** `red.jpg` and `blue.jpg` in `dir`. */
export async function redAndBlue(dir: string): Promise<{ red: string; blue: string }> {
  return { red: await colourImage(path.join(dir, "red.jpg"), "red"), blue: await colourImage(path.join(dir, "blue.jpg"), "blue", 10, 14) };
}

/**
 * A tiny dataset in POPE's official layout whose answers a colour-reading model can know:
 * images COCO_val2014_…1.jpg (red) and …2.jpg (blue) in val2014/, and in each split file
 * `perImage` questions per image, labelled "yes" for the red image and "no" for the blue one.
 */
export async function colourPope(dir: string, perImage = 2): Promise<{ questions: number }> {
  mkdirSync(path.join(dir, "val2014"), { recursive: true });
  const images = [
    { file: "COCO_val2014_000000000001.jpg", colour: "red" as const, label: "yes" },
    { file: "COCO_val2014_000000000002.jpg", colour: "blue" as const, label: "no" },
  ];
  for (const image of images) await colourImage(path.join(dir, "val2014", image.file), image.colour, 16, 12);
  const objects = ["square", "circle", "red square", "blue circle"];
  for (const split of ["random", "popular", "adversarial"]) {
    const rows: string[] = [];
    for (const image of images) {
      for (let i = 0; i < perImage; i++) {
        const text = `Is there a ${objects[(i + rows.length) % objects.length]} in the image?`;
        rows.push(JSON.stringify({ question_id: rows.length + 1, image: image.file, text, label: image.label }));
      }
    }
    writeFileSync(path.join(dir, `coco_pope_${split}.json`), `${rows.join("\n")}\n`);
  }
  return { questions: 3 * 2 * perImage };
}
