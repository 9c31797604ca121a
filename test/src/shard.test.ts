import { describe, expect, it } from "vitest";
import { sampleSetFingerprint } from "../../src/shard/manifest.js";
import { shardSamples } from "../../src/shard/partition.js";
import { resolveShard } from "../../src/shard/spec.js";
import type { Sample } from "../../src/types.js";

const sample = (id: string, image: string): Sample =>
  ({ benchmark: "pope", id, prompt: `q ${id}`, images: [image], meta: {} }) as unknown as Sample;

/** 10 images with 1..10 questions each: 55 samples. */
const samples = Array.from({ length: 10 }, (_, i) =>
  Array.from({ length: i + 1 }, (_, j) => sample(`${i}-${j}`, `/data/img${i}.jpg`)),
).flat();

describe("shardSamples", () => {
  it("splits into disjoint, complete, balanced shards, all questions of an image in one shard", () => {
    const parts = [0, 1, 2].map((k) => shardSamples(samples, k, 3));
    const ids = parts.flat().map((s) => s.id);
    expect(ids.sort()).toEqual(samples.map((s) => s.id).sort());
    expect(new Set(ids).size).toBe(55);
    for (const part of parts) {
      const images = new Set(part.map((s) => s.images[0]));
      for (const image of images) expect(samples.filter((s) => s.images[0] === image).every((s) => part.includes(s))).toBe(true);
    }
    // Largest group first to the least loaded shard: 10|9|8, 7→8's… loads end 19, 18, 18.
    expect(parts.map((p) => p.length).sort()).toEqual([18, 18, 19]);
  });

  it("depends only on the sample set: the order samples were loaded in and the data folder do not matter", () => {
    const moved = [...samples].reverse().map((s) => ({ ...s, images: [s.images[0]!.replace("/data/", "/elsewhere/")] }));
    for (const k of [0, 1, 2]) {
      expect(
        shardSamples(moved, k, 3)
          .map((s) => s.id)
          .sort(),
      ).toEqual(
        shardSamples(samples, k, 3)
          .map((s) => s.id)
          .sort(),
      );
    }
    expect(sampleSetFingerprint(moved)).toBe(sampleSetFingerprint(samples));
    expect(sampleSetFingerprint(samples.slice(1))).not.toBe(sampleSetFingerprint(samples));
  });
});

describe("resolveShard", () => {
  it("reads K/N", () => {
    expect(resolveShard("2/4", undefined, {})).toEqual({ index: 2, count: 4 });
    expect(() => resolveShard("4/4", undefined, {})).toThrow(/outside 0..3/);
    expect(() => resolveShard("2-4", undefined, {})).toThrow(/not K\/N/);
  });

  it("auto: a SLURM array task, counted from SLURM_ARRAY_TASK_MIN", () => {
    const env = { SLURM_ARRAY_TASK_ID: "6", SLURM_ARRAY_TASK_MIN: "4", SLURM_ARRAY_TASK_COUNT: "4" };
    expect(resolveShard("auto", undefined, env)).toEqual({ index: 2, count: 4 });
    expect(() => resolveShard("auto", 3, env)).toThrow(/disagrees with SLURM_ARRAY_TASK_COUNT=4/);
  });

  it("auto: a Kubernetes Indexed Job needs --shards", () => {
    expect(resolveShard("auto", 3, { JOB_COMPLETION_INDEX: "1" })).toEqual({ index: 1, count: 3 });
    expect(() => resolveShard("auto", undefined, { JOB_COMPLETION_INDEX: "1" })).toThrow(/needs --shards N/);
  });

  it("auto with neither is exit 2", () => {
    try {
      resolveShard("auto", 4, {});
      expect.unreachable();
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
      expect((error as Error).message).toMatch(/neither a SLURM array job .* nor a Kubernetes Indexed Job/);
    }
  });
});
