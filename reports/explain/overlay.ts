import sharp from "sharp";
import { bandEdges } from "../../src/explain/grid.js";
import { viridis } from "./colormap.js";

export interface OverlayOptions {
  /** The value shown as the top of the colour map (default: the map's own largest value). Values ≤ 0 show as its bottom. */
  max?: number;
  /** Weight of the colour map over the image, 0..1. Default 0.5. */
  alpha?: number;
  /** Longest side of the PNG in pixels; larger images are scaled down first. Default 768. */
  maxSide?: number;
  /** Cells to outline (bounded values), as [row, col]. */
  outline?: readonly (readonly [number, number])[];
}

/**
 * A relevancy map blended over its image as a PNG: each cell, with the same rounded band edges
 * the occlusion used, tinted with viridis at value / max. Cells are kept sharp (no smoothing), so
 * the picture shows exactly what was measured.
 */
export async function renderOverlay(image: Buffer, values: readonly (readonly number[])[], options: OverlayOptions = {}): Promise<Buffer> {
  const maxSide = options.maxSide ?? 768;
  const { data, info } = await sharp(image)
    .resize(maxSide, maxSide, { fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const max = options.max ?? Math.max(0, ...values.flat());
  const alpha = options.alpha ?? 0.5;
  const xs = bandEdges(width, cols);
  const ys = bandEdges(height, rows);
  const outlined = new Set((options.outline ?? []).map(([r, c]) => `${r},${c}`));
  const out = Buffer.alloc(width * height * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const colour = viridis(max > 0 ? values[r]![c]! / max : 0);
      const outline = outlined.has(`${r},${c}`);
      for (let y = ys[r]!; y < ys[r + 1]!; y++) {
        for (let x = xs[c]!; x < xs[c + 1]!; x++) {
          const at = (y * width + x) * 3;
          const edge = outline && (x === xs[c] || y === ys[r] || x === xs[c + 1]! - 1 || y === ys[r + 1]! - 1);
          for (let k = 0; k < 3; k++) out[at + k] = edge ? 255 : Math.round((1 - alpha) * data[at + k]! + alpha * colour[k]!);
        }
      }
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
