/**
 * Shared helpers for the generated mini sets: a scene with known shapes and colours, and the
 * questions that can be asked about it truthfully. Used by the GQA, MME, VQAv2 and ScienceQA
 * generators so that every question's answer is right for its image.
 */
import sharp from "sharp";
import { COLORS, layoutScene, mulberry32, pick, randomInt, sceneSvg, shuffle, SHAPE_KINDS, type Rng, type Scene, type ShapeKind } from "./scenes.js";

export { mulberry32, pick, randomInt, shuffle, SHAPE_KINDS, type Rng, type Scene, type ShapeKind };

/** A scene of `count` distinct shapes in distinct colours. */
export function shapeScene(rng: Rng, count: number, size = 96): Scene {
  const kinds = shuffle(rng, SHAPE_KINDS).slice(0, count);
  const colors = shuffle(rng, COLORS).slice(0, count);
  return layoutScene(rng, { width: size, height: size, shapes: kinds.map((kind, i) => ({ kind, color: colors[i]! })) });
}

export const absentKinds = (scene: Scene): ShapeKind[] => SHAPE_KINDS.filter((k) => !scene.shapes.some((s) => s.kind === k));

export async function writeScene(scene: Scene, file: string, format: "jpeg" | "png"): Promise<void> {
  const image = sharp(Buffer.from(sceneSvg(scene)));
  await (format === "png" ? image.png() : image.jpeg({ quality: 80, chromaSubsampling: "4:4:4" })).toFile(file);
}

/** Python's json.dumps spacing (", " and ": "), so generated files look like the official ones. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
