/**
 * Shared helpers for the generated mini sets: a scene with known shapes and colours, and the
 * questions that can be asked about it truthfully, and Python-style JSON. Used by the
 * generators so that every question's answer is right for its image.
 */
import {
  COLORS,
  layoutScene,
  mulberry32,
  pick,
  type Rng,
  randomInt,
  type Scene,
  SHAPE_KINDS,
  type ShapeKind,
  shuffle,
  writeScene,
} from "./scenes.js";

export { mulberry32, pick, type Rng, randomInt, type Scene, SHAPE_KINDS, type ShapeKind, shuffle, writeScene };

/** A scene of `count` distinct shapes in distinct colours. */
export function shapeScene(rng: Rng, count: number, size = 96): Scene {
  const kinds = shuffle(rng, SHAPE_KINDS).slice(0, count);
  const colors = shuffle(rng, COLORS).slice(0, count);
  return layoutScene(rng, { width: size, height: size, shapes: kinds.map((kind, i) => ({ kind, color: colors[i]! })) });
}

export const absentKinds = (scene: Scene): ShapeKind[] => SHAPE_KINDS.filter((k) => !scene.shapes.some((s) => s.kind === k));

/** Python's json.dumps spacing (", " and ": "), so generated files look like the official ones. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}
