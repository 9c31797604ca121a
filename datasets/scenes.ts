/**
 * Synthetic scenes of coloured shapes, drawn as SVG and rendered to JPEG or PNG with sharp. Every
 * benchmark's mini/ set is generated from these so that it is small, free of licensing
 * questions, and reproducible from a seed on any machine.
 */
import sharp from "sharp";

export { mulberry32, type Rng } from "../src/random.js";

import type { Rng } from "../src/random.js";

/** An integer in [min, max], both inclusive. */
export const randomInt = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `k` distinct items drawn without replacement, each draw proportional to its weight. */
export function weightedSample<T>(rng: Rng, items: readonly T[], weights: readonly number[], k: number): T[] {
  const pool = items.map((item, i) => ({ item, weight: weights[i] ?? 0 }));
  const out: T[] = [];
  while (out.length < k && pool.length > 0) {
    const total = pool.reduce((sum, entry) => sum + entry.weight, 0);
    let r = rng() * total;
    let index = pool.findIndex((entry) => (r -= entry.weight) < 0);
    if (index === -1) index = pool.length - 1; // floating-point remainder
    out.push(pool.splice(index, 1)[0]!.item);
  }
  return out;
}

export const SHAPE_KINDS = [
  "circle",
  "square",
  "triangle",
  "star",
  "diamond",
  "cross",
  "ring",
  "heart",
  "pentagon",
  "hexagon",
  "moon",
  "arrow",
] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

export type Color = { name: string; hex: string };

/** Saturated colours that stay distinguishable after JPEG compression at ~96 px. */
export const COLORS: readonly Color[] = Object.entries({
  red: "#d62728",
  green: "#2ca02c",
  blue: "#1f5fbf",
  orange: "#ff7f0e",
  purple: "#8e44ad",
  yellow: "#e6b800",
  black: "#222222",
}).map(([name, hex]) => ({ name, hex }));

/** Plain light backgrounds, so every colour above contrasts with them. */
export const BACKGROUNDS: readonly string[] = ["#ffffff", "#f4f1e8", "#eaf0f6", "#eef6ea"];

export type ShapeSpec = { kind: ShapeKind; color?: Color };

/** A shape as drawn: centre and radius in pixels, so later benchmarks can ask where it is. */
export type PlacedShape = { kind: ShapeKind; color: Color; x: number; y: number; radius: number };

export type Scene = { width: number; height: number; background: string; shapes: PlacedShape[] };

/**
 * Places the given shapes in distinct cells of a square grid (jittered inside the cell) so they
 * never overlap and each stays recognisable; colours not given are drawn from COLORS.
 */
export function layoutScene(
  rng: Rng,
  options: { width: number; height: number; shapes: readonly ShapeSpec[]; background?: string },
): Scene {
  const { width, height, shapes } = options;
  const side = Math.max(1, Math.ceil(Math.sqrt(shapes.length)));
  const cellW = width / side;
  const cellH = height / side;
  const cells = shuffle(
    rng,
    Array.from({ length: side * side }, (_, i) => i),
  );
  const background = options.background ?? pick(rng, BACKGROUNDS);
  const placed = shapes.map((spec, i): PlacedShape => {
    const cell = cells[i]!;
    const radius = (Math.min(cellW, cellH) / 2) * (0.62 + 0.18 * rng());
    const x = ((cell % side) + 0.5) * cellW + (rng() * 2 - 1) * (cellW / 2 - radius) * 0.8;
    const y = (Math.floor(cell / side) + 0.5) * cellH + (rng() * 2 - 1) * (cellH / 2 - radius) * 0.8;
    return { kind: spec.kind, color: spec.color ?? pick(rng, COLORS), x, y, radius };
  });
  return { width, height, background, shapes: placed };
}

const r2 = (n: number): string => n.toFixed(2);

/** A polygon from offsets in units of the radius, around the centre. */
function polygon(x: number, y: number, r: number, points: readonly (readonly [number, number])[], fill: string): string {
  return `<polygon points="${points.map(([dx, dy]) => `${r2(x + dx * r)},${r2(y + dy * r)}`).join(" ")}" fill="${fill}"/>`;
}

/** Vertices of a regular n-gon with one vertex straight up; `inner` makes a star of 2n points. */
function regular(n: number, inner = 1): [number, number][] {
  const count = inner === 1 ? n : 2 * n;
  return Array.from({ length: count }, (_, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / count;
    const d = i % 2 === 1 ? inner : 1;
    return [d * Math.cos(a), d * Math.sin(a)];
  });
}

const OUTLINES: Partial<Record<ShapeKind, readonly (readonly [number, number])[]>> = {
  triangle: regular(3).map(([dx, dy]) => [dx * 1.1, dy * 1.1 + 0.15] as const),
  diamond: regular(4).map(([dx, dy]) => [dx * 0.7, dy] as const),
  star: regular(5, 0.42),
  pentagon: regular(5).map(([dx, dy]) => [dx * 0.95, dy * 0.95 + 0.05] as const),
  hexagon: regular(6).map(([dx, dy]) => [dx * 0.92, dy * 0.92] as const),
  cross: [
    [-0.3, -0.9],
    [0.3, -0.9],
    [0.3, -0.3],
    [0.9, -0.3],
    [0.9, 0.3],
    [0.3, 0.3],
    [0.3, 0.9],
    [-0.3, 0.9],
    [-0.3, 0.3],
    [-0.9, 0.3],
    [-0.9, -0.3],
    [-0.3, -0.3],
  ],
  arrow: [
    [-0.95, -0.25],
    [0.1, -0.25],
    [0.1, -0.7],
    [0.95, 0],
    [0.1, 0.7],
    [0.1, 0.25],
    [-0.95, 0.25],
  ],
};

function shapeSvg({ kind, color, x, y, radius: r }: PlacedShape): string {
  const fill = color.hex;
  const p = (dx: number, dy: number): string => `${r2(x + dx * r)} ${r2(y + dy * r)}`;
  switch (kind) {
    case "circle":
      return `<circle cx="${r2(x)}" cy="${r2(y)}" r="${r2(r)}" fill="${fill}"/>`;
    case "ring":
      return `<circle cx="${r2(x)}" cy="${r2(y)}" r="${r2(r * 0.82)}" fill="none" stroke="${fill}" stroke-width="${r2(r * 0.36)}"/>`;
    case "square":
      return `<rect x="${r2(x - 0.8 * r)}" y="${r2(y - 0.8 * r)}" width="${r2(1.6 * r)}" height="${r2(1.6 * r)}" fill="${fill}"/>`;
    case "heart":
      return `<path d="M ${p(0, 0.85)} C ${p(-1.25, 0)} ${p(-0.7, -1.1)} ${p(0, -0.45)} C ${p(0.7, -1.1)} ${p(1.25, 0)} ${p(0, 0.85)} Z" fill="${fill}"/>`;
    case "moon":
      return `<path d="M ${p(0.35, -0.94)} A ${r2(r)} ${r2(r)} 0 1 0 ${p(0.35, 0.94)} A ${r2(r * 0.8)} ${r2(r * 0.8)} 0 0 1 ${p(0.35, -0.94)} Z" fill="${fill}"/>`;
    default:
      return polygon(x, y, r, OUTLINES[kind]!, fill);
  }
}

export function sceneSvg(scene: Scene): string {
  const body = scene.shapes.map(shapeSvg).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}">` +
    `<rect width="100%" height="100%" fill="${scene.background}"/>${body}</svg>`
  );
}

/**
 * Renders the scene to an image file: baseline JPEG (COCO-style layouts) or PNG (ScienceQA,
 * MM-Vet, some MME tasks). No chroma subsampling, so small shapes keep their colour.
 */
export async function writeScene(scene: Scene, file: string, format: "jpeg" | "png" = "jpeg"): Promise<void> {
  const image = sharp(Buffer.from(sceneSvg(scene)));
  await (format === "png" ? image.png() : image.jpeg({ quality: 80, chromaSubsampling: "4:4:4" })).toFile(file);
}
