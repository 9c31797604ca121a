import { readdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { pair, planPopeDataset, statistics, writePopeDataset } from "../../../datasets/pope/make-mini.js";
import { SHAPE_KINDS, type ShapeKind } from "../../../datasets/scenes.js";
import { tempDir } from "../../helpers/pope-fixtures.js";

const plan = planPopeDataset({ images: 12, seed: 1 });
const splits = ["random", "popular", "adversarial"] as const;
const shapeOf = (text: string): ShapeKind => /^Is there a (\w+) in the image\?$/.exec(text)![1] as ShapeKind;

/** Per image file: the shapes asked about with answer yes, and with answer no. */
function questionsByImage(split: (typeof splits)[number]) {
  const byImage = new Map<string, { yes: ShapeKind[]; no: ShapeKind[] }>();
  for (const row of plan.splits[split]) {
    const entry = byImage.get(row.image) ?? { yes: [], no: [] };
    entry[row.label].push(shapeOf(row.text));
    byImage.set(row.image, entry);
  }
  return byImage;
}

describe("planPopeDataset", () => {
  it("asks 3 yes and 3 no questions per image and split, numbered from 1 per file", () => {
    for (const split of splits) {
      const rows = plan.splits[split];
      expect(rows).toHaveLength(72);
      expect(rows.map((r) => r.question_id)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.map((r) => r.label)).toEqual(Array(36).fill(["yes", "no"]).flat());
      for (const { yes, no } of questionsByImage(split).values()) {
        expect(new Set(yes).size).toBe(3);
        expect(new Set(no).size).toBe(3);
      }
    }
  });

  it("tells the truth: yes shapes are drawn in the image, no shapes are not", () => {
    const kindsOf = new Map(plan.pictures.map((p) => [p.file, p.scene.shapes.map((s) => s.kind)]));
    for (const split of splits) {
      for (const [image, { yes, no }] of questionsByImage(split)) {
        const drawn = kindsOf.get(image)!;
        for (const kind of yes) expect(drawn).toContain(kind);
        for (const kind of no) expect(drawn).not.toContain(kind);
      }
    }
  });

  it("uses the same positives in every split, as POPE does", () => {
    const yes = splits.map((split) => [...questionsByImage(split)].map(([image, q]) => [image, q.yes]));
    expect(yes[1]).toEqual(yes[0]);
    expect(yes[2]).toEqual(yes[0]);
  });

  it("picks popular negatives by frequency and adversarial ones by co-occurrence", () => {
    const { frequency, cooccurrence } = statistics(plan.pictures);
    const together = (kinds: readonly ShapeKind[], k: ShapeKind) =>
      kinds.reduce((n, kind) => n + (cooccurrence.get(pair(kind, k)) ?? 0), 0);
    const popular = questionsByImage("popular");
    const adversarial = questionsByImage("adversarial");
    for (const picture of plan.pictures) {
      const absent = SHAPE_KINDS.filter((k) => !picture.kinds.includes(k));
      const check = (chosen: ShapeKind[], score: (k: ShapeKind) => number) => {
        const floor = Math.min(...chosen.map(score));
        for (const k of absent.filter((k) => !chosen.includes(k))) expect(score(k)).toBeLessThanOrEqual(floor);
      };
      check(popular.get(picture.file)!.no, (k) => frequency.get(k) ?? 0);
      check(adversarial.get(picture.file)!.no, (k) => together(picture.kinds, k));
    }
    // The strategies must actually differ on this seed, or the splits would test nothing new.
    const negatives = (split: (typeof splits)[number]) => plan.splits[split].filter((r) => r.label === "no").map((r) => r.text);
    expect(negatives("popular")).not.toEqual(negatives("random"));
    expect(negatives("adversarial")).not.toEqual(negatives("popular"));
  });

  it("is deterministic for a seed and changes with it", () => {
    expect(planPopeDataset({ images: 12, seed: 1 })).toEqual(plan);
    expect(planPopeDataset({ images: 12, seed: 2 }).splits.random).not.toEqual(plan.splits.random);
  });

  it("names images like COCO val2014 and keeps them distinct", () => {
    const files = plan.pictures.map((p) => p.file);
    for (const file of files) expect(file).toMatch(/^COCO_val2014_\d{12}\.jpg$/);
    expect(new Set(files).size).toBe(12);
  });

  it("rejects options it cannot satisfy", () => {
    expect(() => planPopeDataset({ images: 0, seed: 1 })).toThrow(RangeError);
    expect(() => planPopeDataset({ images: 2, seed: 1, questionsPerImage: 5 })).toThrow(/even/);
    expect(() => planPopeDataset({ images: 2, seed: 1, questionsPerImage: 14 })).toThrow(/even/);
  });
});

describe("writePopeDataset", () => {
  it("writes real JPEG images of the requested size", async () => {
    const dir = await tempDir();
    await writePopeDataset(dir, { images: 2, seed: 3, size: 64, questionsPerImage: 4 });
    const images = await readdir(path.join(dir, "val2014"));
    expect(images).toHaveLength(2);
    const meta = await sharp(path.join(dir, "val2014", images[0]!)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 64, 64]);
    expect((await readdir(dir)).sort()).toEqual([
      "coco_pope_adversarial.json",
      "coco_pope_popular.json",
      "coco_pope_random.json",
      "val2014",
    ]);
  });
});
