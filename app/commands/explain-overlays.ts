import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { THUMBNAIL_PX } from "../../reports/html/report.js";
import { overlayKey } from "../../reports/html/samples.js";
import { DataError, UsageError } from "../../src/errors.js";
import { readExplainFile } from "../../src/explain/file.js";

/**
 * `table --format html --explain DIR`: the explain folder's overlay PNGs, scaled to twice the
 * thumbnail size, as data URLs by overlayKey (the HTML page stays self-contained).
 */
export async function explainOverlays(dir: string, format: string): Promise<Map<string, string>> {
  if (format !== "html")
    throw new UsageError(`--explain shows relevancy overlays in the HTML report only: add --format html (or --out FILE.html).`);
  const { file, explain } = readExplainFile(path.resolve(dir));
  const overlays = new Map<string, string>();
  for (const map of explain.maps) {
    if (map.overlay === undefined) continue;
    const png = path.resolve(path.dirname(file), map.overlay);
    let bytes: Buffer;
    try {
      bytes = await sharp(readFileSync(png))
        .resize(2 * THUMBNAIL_PX, 2 * THUMBNAIL_PX, { fit: "inside", kernel: "nearest" })
        .png()
        .toBuffer();
    } catch (error) {
      throw new DataError(
        `${file}: the overlay of ${map.model} on ${map.benchmark} ${map.sample}, ${png}, cannot be read (${(error as Error).message}).`,
        { file: png, cause: error },
      );
    }
    overlays.set(overlayKey(map.model, map.benchmark, map.sample), `data:image/png;base64,${bytes.toString("base64")}`);
  }
  return overlays;
}
