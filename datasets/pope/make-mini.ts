/**
 * Writes a POPE-style dataset in the official layout from synthetic scenes of shapes: the
 * bundled mini/ set, and fixtures for tests. Questions follow POPE's construction — per image
 * the same positives in every split, negatives chosen by the split's strategy.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pythonJson } from "../mini-scenes.js";
import {
  layoutScene,
  mulberry32,
  pick,
  type Rng,
  randomInt,
  type Scene,
  SHAPE_KINDS,
  type ShapeKind,
  shuffle,
  weightedSample,
  writeScene,
} from "../scenes.js";
import { IMAGE_DIR, POPE_SPLITS, type PopeRow, type PopeSplit, splitFile } from "./loader.js";

export interface PopeDatasetOptions {
  images: number;
  seed: number;
  /** Even; half are answered yes. Default 6 (3 yes, 3 no), as in POPE. */
  questionsPerImage?: number;
  /** Image side in pixels. Default 96. */
  size?: number;
}

/** What `datasets/make-mini.ts` writes to datasets/pope/mini (tests regenerate and compare). */
export const POPE_MINI: PopeDatasetOptions = { images: 12, seed: 1 };

/** One generated image: its COCO-style file name, the shape kinds drawn, and the scene itself. */
export interface PopePicture {
  file: string;
  kinds: ShapeKind[];
  scene: Scene;
}

export interface PopePlan {
  pictures: PopePicture[];
  splits: Record<PopeSplit, PopeRow[]>;
}

/** Writes the official layout: three coco_pope_<split>.json files and val2014/*.jpg. */
export async function writePopeDataset(dir: string, options: PopeDatasetOptions): Promise<PopePlan> {
  const plan = planPopeDataset(options);
  await mkdir(path.join(dir, IMAGE_DIR), { recursive: true });
  for (const picture of plan.pictures) await writeScene(picture.scene, path.join(dir, IMAGE_DIR, picture.file));
  for (const split of POPE_SPLITS) {
    await writeFile(path.join(dir, splitFile(split)), plan.splits[split].map(pythonJson).join("\n") + "\n");
  }
  return plan;
}

/** The whole dataset as data, no I/O: deterministic for a given seed (tests inspect it). */
export function planPopeDataset(options: PopeDatasetOptions): PopePlan {
  const perImage = options.questionsPerImage ?? 6;
  const size = options.size ?? 96;
  const half = perImage / 2;
  if (!Number.isInteger(options.images) || options.images < 1) throw new RangeError("images must be a positive integer");
  if (!Number.isInteger(half) || half < 1 || 2 * half > SHAPE_KINDS.length) {
    throw new RangeError(`questionsPerImage must be even, from 2 to ${SHAPE_KINDS.length}`);
  }
  const rng = mulberry32(options.seed);
  // Each image draws from one of two "themes" (think kitchen and street), each with its own
  // long-tailed popularity like COCO's: overall frequency and co-occurrence then differ, so
  // popular and adversarial negatives are not the same shapes.
  const themes = [shuffle(rng, SHAPE_KINDS), shuffle(rng, SHAPE_KINDS)];
  const weights = SHAPE_KINDS.map((_, rank) => 1 / (rank + 1));

  const pictures = cocoIds(rng, options.images).map((id): PopePicture => {
    // Enough shapes for `half` yes questions and enough absent kinds for `half` no questions.
    const count = randomInt(rng, half, Math.min(half + 1, SHAPE_KINDS.length - half));
    const kinds = weightedSample(rng, pick(rng, themes), weights, count);
    const scene = layoutScene(rng, { width: size, height: size, shapes: kinds.map((kind) => ({ kind })) });
    return { file: `COCO_val2014_${String(id).padStart(12, "0")}.jpg`, kinds, scene };
  });

  const { frequency, cooccurrence } = statistics(pictures);
  const positives = pictures.map((p) => shuffle(rng, p.kinds).slice(0, half));
  const negativesFor: Record<PopeSplit, (p: PopePicture, absent: ShapeKind[]) => ShapeKind[]> = {
    random: (_p, absent) => shuffle(rng, absent),
    popular: (_p, absent) => rankBy(absent, (k) => frequency.get(k) ?? 0),
    adversarial: (p, absent) => rankBy(absent, (k) => p.kinds.reduce((n, kind) => n + (cooccurrence.get(pair(kind, k)) ?? 0), 0)),
  };
  const splits = {} as Record<PopeSplit, PopeRow[]>;
  for (const split of POPE_SPLITS) {
    const rows: PopeRow[] = (splits[split] = []);
    pictures.forEach((picture, i) => {
      const absent = SHAPE_KINDS.filter((k) => !picture.kinds.includes(k));
      const negatives = negativesFor[split](picture, absent).slice(0, half);
      // POPE alternates a present and an absent object per image.
      for (let j = 0; j < half; j++) {
        rows.push(row(rows.length + 1, picture.file, positives[i]![j]!, "yes"));
        rows.push(row(rows.length + 1, picture.file, negatives[j]!, "no"));
      }
    });
  }
  return { pictures, splits };
}

/** Distinct ids in COCO val2014's range, in draw order. */
function cocoIds(rng: Rng, count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(randomInt(rng, 1, 581_929));
  return [...ids];
}

export const pair = (a: ShapeKind, b: ShapeKind): string => (a < b ? `${a}+${b}` : `${b}+${a}`);

/** Object frequency and pairwise co-occurrence over all images, as POPE computes from COCO. */
export function statistics(pictures: readonly { kinds: readonly ShapeKind[] }[]) {
  const frequency = new Map<ShapeKind, number>();
  const cooccurrence = new Map<string, number>();
  for (const { kinds } of pictures) {
    for (const a of kinds) {
      frequency.set(a, (frequency.get(a) ?? 0) + 1);
      for (const b of kinds) if (a < b) cooccurrence.set(pair(a, b), (cooccurrence.get(pair(a, b)) ?? 0) + 1);
    }
  }
  return { frequency, cooccurrence };
}

/** Highest score first; ties in SHAPE_KINDS order so the output does not depend on sort internals. */
function rankBy(kinds: readonly ShapeKind[], score: (kind: ShapeKind) => number): ShapeKind[] {
  return [...kinds].sort((a, b) => score(b) - score(a) || SHAPE_KINDS.indexOf(a) - SHAPE_KINDS.indexOf(b));
}

function row(questionId: number, image: string, kind: ShapeKind, label: "yes" | "no"): PopeRow {
  return { question_id: questionId, image, text: `Is there a ${kind} in the image?`, label };
}
