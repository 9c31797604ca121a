/**
 * Writes an MMVP-style dataset in the official layout (Questions.csv + "MMVP Images/<row>.jpg")
 * from synthetic shape scenes: pairs of images that differ in one visible property, asked the
 * same two-option question with opposite answers. The bundled mini/ set and test fixtures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { COLORS, layoutScene, mulberry32, pick, type Rng, type Scene, SHAPE_KINDS, shuffle, writeScene } from "../scenes.js";
import { IMAGE_DIR, MMVP_COLUMNS, QUESTIONS_CSV } from "./loader.js";

export interface MmvpDatasetOptions {
  pairs: number;
  seed: number;
  /** Image side in pixels. Default 96. */
  size?: number;
}

/** What `datasets/make-mini.ts` writes to datasets/mmvp/mini (tests regenerate and compare). */
export const MMVP_MINI: MmvpDatasetOptions = { pairs: 10, seed: 7 };

export interface MmvpPlannedRow {
  question: string;
  options: string;
  answer: "(a)" | "(b)";
  scene: Scene;
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** One pair: the same question, two scenes, opposite answers (which image gets (a) is drawn at random). */
function makePair(rng: Rng, size: number, pairIndex: number): [MmvpPlannedRow, MmvpPlannedRow] {
  const flip = rng() < 0.5;
  if (pairIndex % 2 === 0) {
    const kind = pick(rng, SHAPE_KINDS);
    const [first, second] = shuffle(rng, COLORS);
    const others = shuffle(
      rng,
      SHAPE_KINDS.filter((k) => k !== kind),
    ).slice(0, 2);
    const question = `What color is the ${kind}?`;
    const options = `(a) ${capital(first!.name)} (b) ${capital(second!.name)}`;
    const scene = (color: typeof first) =>
      layoutScene(rng, { width: size, height: size, shapes: [{ kind, color: color! }, ...others.map((k) => ({ kind: k }))] });
    const a: MmvpPlannedRow = { question, options, answer: "(a)", scene: scene(first) };
    const b: MmvpPlannedRow = { question, options, answer: "(b)", scene: scene(second) };
    return flip ? [b, a] : [a, b];
  }
  const kind = pick(rng, SHAPE_KINDS);
  const question = `Are there two or three ${kind}s in the image?`;
  const options = "(a) Two (b) Three";
  const scene = (count: number) => layoutScene(rng, { width: size, height: size, shapes: Array.from({ length: count }, () => ({ kind })) });
  const a: MmvpPlannedRow = { question, options, answer: "(a)", scene: scene(2) };
  const b: MmvpPlannedRow = { question, options, answer: "(b)", scene: scene(3) };
  return flip ? [b, a] : [a, b];
}

/** The whole dataset as data, no I/O; deterministic for a given seed. */
export function planMmvpDataset(options: MmvpDatasetOptions): MmvpPlannedRow[] {
  const rng = mulberry32(options.seed);
  return Array.from({ length: options.pairs }, (_, i) => makePair(rng, options.size ?? 96, i)).flat();
}

/** A CSV field, quoted only when it must be (as pandas and the official file do). */
const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function mmvpCsv(rows: readonly Pick<MmvpPlannedRow, "question" | "options" | "answer">[]): string {
  const lines = [MMVP_COLUMNS.join(","), ...rows.map((r, i) => [String(i + 1), r.question, r.options, r.answer].map(field).join(","))];
  return lines.join("\n") + "\n";
}

/** Writes Questions.csv and "MMVP Images/1.jpg" … in the official layout. */
export async function writeMmvpDataset(dir: string, options: MmvpDatasetOptions): Promise<MmvpPlannedRow[]> {
  const rows = planMmvpDataset(options);
  await mkdir(path.join(dir, IMAGE_DIR), { recursive: true });
  for (const [i, row] of rows.entries()) await writeScene(row.scene, path.join(dir, IMAGE_DIR, `${i + 1}.jpg`));
  await writeFile(path.join(dir, QUESTIONS_CSV), mmvpCsv(rows));
  return rows;
}
