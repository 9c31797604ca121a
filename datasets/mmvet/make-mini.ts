/**
 * Writes an MM-Vet-style dataset in the official layout (mm-vet.json + images/) from synthetic
 * scenes of shapes: the bundled mini/ set and test fixtures. Questions cover the official
 * capability names and use <AND>/<OR> ground truths the way MM-Vet does.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { layoutScene, mulberry32, pick, type Rng, randomInt, type Scene, SHAPE_KINDS, shuffle, writeScene } from "../scenes.js";
import { IMAGE_DIR, MMVET_JSON, type MmvetEntry } from "./loader.js";

export interface MmvetDatasetOptions {
  questions: number;
  seed: number;
  /** Image side in pixels. Default 96. */
  size?: number;
}

/** What `datasets/make-mini.ts` writes to datasets/mmvet/mini (tests regenerate and compare). */
export const MMVET_MINI: MmvetDatasetOptions = { questions: 16, seed: 4 };

const CORNERS: Partial<Record<string, number>> = { triangle: 3, square: 4, diamond: 4, pentagon: 5, hexagon: 6 };

type Question = Omit<MmvetEntry, "imagename">;

/** Question makers; each asks something the scene answers, with MM-Vet's capability tags. */
const MAKERS: ((rng: Rng, scene: Scene) => Question)[] = [
  (_rng, scene) => ({
    capability: ["rec", "math"],
    question: "How many shapes are there in the image?",
    answer: String(scene.shapes.length),
  }),
  (rng, scene) => {
    const shape = pick(rng, scene.shapes);
    return { capability: ["rec"], question: `What color is the ${shape.kind}?`, answer: shape.color.name };
  },
  (_rng, scene) => ({
    capability: ["rec"],
    question: "Which shapes are in the image?",
    answer: scene.shapes.map((s) => s.kind).join("<AND>"),
  }),
  (_rng, scene) => ({ capability: ["rec"], question: "Name one shape you can see.", answer: scene.shapes.map((s) => s.kind).join("<OR>") }),
  (rng, scene) => {
    const [a, b] = shuffle(rng, scene.shapes);
    return {
      capability: ["rec", "spat"],
      question: `Is the ${a!.kind} to the left or to the right of the ${b!.kind}?`,
      answer: a!.x < b!.x ? "left" : "right",
    };
  },
  (_rng, scene) => ({
    capability: ["rec", "gen"],
    question: "Describe the image in one sentence.",
    answer: `The image shows ${scene.shapes.map((s) => `a ${s.color.name} ${s.kind}`).join(", ")} on a plain background.`,
  }),
];

const CORNER_MAKER = (scene: Scene): Question => ({
  capability: ["rec", "math"],
  question: "How many corners do the triangles, squares, diamonds, pentagons and hexagons have in total?",
  answer: String(scene.shapes.reduce((n, s) => n + (CORNERS[s.kind] ?? 0), 0)),
});

export interface MmvetPlan {
  entries: Record<string, MmvetEntry>;
  /** Image file name → scene. */
  images: Map<string, Scene>;
}

/** The whole dataset as data, no I/O; deterministic for a given seed. */
export function planMmvetDataset(options: MmvetDatasetOptions): MmvetPlan {
  const rng = mulberry32(options.seed);
  const size = options.size ?? 96;
  const entries: Record<string, MmvetEntry> = {};
  const images = new Map<string, Scene>();
  let previous: { name: string; scene: Scene } | null = null;
  for (let i = 0; i < options.questions; i++) {
    // As in MM-Vet, a few questions ask about the previous question's image.
    let image: { name: string; scene: Scene } | null = previous;
    if (image === null || rng() < 0.75) {
      const kinds = shuffle(rng, SHAPE_KINDS).slice(0, randomInt(rng, 2, 4));
      const scene = layoutScene(rng, { width: size, height: size, shapes: kinds.map((kind) => ({ kind })) });
      image = { name: `v1_${i}.png`, scene };
      images.set(image.name, scene);
    }
    const make = i % (MAKERS.length + 1) === MAKERS.length ? CORNER_MAKER : (scene: Scene) => MAKERS[i % (MAKERS.length + 1)]!(rng, scene);
    entries[`v1_${i}`] = { imagename: image!.name, ...make(image!.scene) };
    previous = image;
  }
  return { entries, images };
}

/** Writes mm-vet.json (4-space indented, as the official file) and images/*.png. */
export async function writeMmvetDataset(dir: string, options: MmvetDatasetOptions): Promise<MmvetPlan> {
  const plan = planMmvetDataset(options);
  await mkdir(path.join(dir, IMAGE_DIR), { recursive: true });
  for (const [name, scene] of plan.images) await writeScene(scene, path.join(dir, IMAGE_DIR, name), "png");
  const ordered = Object.fromEntries(
    Object.entries(plan.entries).map(([id, e]) => [
      id,
      { imagename: e.imagename, capability: e.capability, question: e.question, answer: e.answer },
    ]),
  );
  await writeFile(path.join(dir, MMVET_JSON), JSON.stringify(ordered, null, 4) + "\n");
  return plan;
}
