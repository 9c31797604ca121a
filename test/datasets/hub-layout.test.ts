import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeHubMini } from "../../bench/fixtures/hub-mini.js";
import { benchmarks, bundledDataDir } from "../../datasets/index.js";
import { scienceqa } from "../../datasets/scienceqa/index.js";
import { ImageStore } from "../../src/hub/image-store.js";
import type { DataProvenance, Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

/** Everything but where the image file sits (and MM-Vet's meta.image: the hub row has no file name). */
const strip = (s: Sample) => ({ ...s, images: undefined, meta: { ...s.meta, image: s.benchmark === "mmvet" ? undefined : s.meta.image } });
const load = async (name: string, dir: string) => {
  let provenance: DataProvenance | undefined;
  const benchmark = benchmarks.find((b) => b.name === name)!;
  const images = new ImageStore(path.join(tempDir(), "images"));
  const samples = await benchmark.load(dir, { imageStore: images, onProvenance: (p) => (provenance = p) });
  return { samples, provenance: provenance!, images };
};

describe("hub snapshots give the official samples, ids and targets", () => {
  it.each(benchmarks.map((b) => b.name))("%s (--local-dir layout)", async (name) => {
    const data = tempDir();
    const { samples: official, commit } = await writeHubMini(name, data, "local-dir");
    if (name === "scienceqa") {
      // The official pids come from problems.json + pid_splits.json beside the snapshot.
      for (const f of ["problems.json", "pid_splits.json"]) copyFileSync(path.join(bundledDataDir(scienceqa), f), path.join(data, name, f));
    }
    const { samples: hub, provenance, images } = await load(name, path.join(data, name));
    expect(hub.map((s) => s.id)).toEqual(official.map((s) => s.id));
    expect(hub.map(strip)).toEqual(official.map(strip));
    for (const [i, s] of hub.entries()) expect(readFileSync(s.images[0]!).equals(readFileSync(official[i]!.images[0]!))).toBe(true);
    expect(images.written).toBe(new Set(official.map((s) => readFileSync(s.images[0]!).toString("base64"))).size);
    expect(provenance).toMatchObject({ layout: "hub", revision: commit, sample_set: { n: official.length } });
    expect(provenance.repository).toBeUndefined();
    for (const f of provenance.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads the hub cache layout, naming repository and revision, and reuses stored images", async () => {
    const data = tempDir();
    const { files, commit } = await writeHubMini("pope", data, "cache");
    const first = await load("pope", path.join(data, "pope"));
    expect(first.provenance).toMatchObject({
      layout: "hub",
      repository: "lmms-lab/POPE",
      revision: commit,
      config: "default",
      split: "test",
    });
    expect(first.provenance.files.map((f) => f.path)).toEqual(
      files
        .map((f) => path.posix.join("hub", "datasets--lmms-lab--POPE", "snapshots", commit, f))
        .map((f) => f.slice(f.indexOf(commit) + commit.length + 1)),
    );
    const store = new ImageStore(first.images.dir);
    await pope(path.join(data, "pope"), store);
    expect(store.written).toBe(0);
    expect(store.reused).toBeGreaterThan(0);
  });

  it("ScienceQA without problems.json numbers samples by row and says so", async () => {
    const data = tempDir();
    const { samples: official } = await writeHubMini("scienceqa", data, "local-dir");
    const { samples, provenance } = await load("scienceqa", path.join(data, "scienceqa"));
    expect(samples.map((s) => s.id)).toEqual(official.map((_, i) => `row-${i}`));
    expect(samples.map((s) => s.target)).toEqual(official.map((s) => s.target));
    expect(provenance.ids).toBe("row");
  });
});

async function pope(dir: string, imageStore: ImageStore): Promise<void> {
  await benchmarks.find((b) => b.name === "pope")!.load(dir, { imageStore });
}
