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
