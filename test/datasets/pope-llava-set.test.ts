import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeHubMini } from "../../bench/fixtures/hub-mini.js";
import { bundledDataDir } from "../../datasets/index.js";
import { pope } from "../../datasets/pope/index.js";
import { LLAVA_POPE_ID_OFFSET, type PopeSplit } from "../../datasets/pope/loader.js";
import { DataError, UsageError } from "../../src/errors.js";
import { ImageStore } from "../../src/hub/image-store.js";
import type { DataProvenance, Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

/** LLaVA's merged file for the chosen samples: question ids offset by split, image and text as POPE has them. */
function llavaFile(dir: string, samples: readonly Sample[]): void {
  const lines = samples.map((s) => {
    const split = s.meta.split as PopeSplit;
    return JSON.stringify({
      question_id: LLAVA_POPE_ID_OFFSET[split] + (s.meta.question_id as number),
      image: s.meta.image,
      text: s.question,
      category: split,
    });
  });
  writeFileSync(path.join(dir, "llava_pope_test.jsonl"), lines.join("\n") + "\n");
}

describe("--pope-set llava scores exactly the questions of llava_pope_test.jsonl", () => {
  it("over the official files and over a hub snapshot, with the subset recorded", async () => {
    const official = await pope.load(bundledDataDir(pope));
    // LLaVA's set: a shorter random split, popular and adversarial whole.
    const chosen = official.filter((s) => s.meta.split !== "random" || (s.meta.question_id as number) % 4 !== 0);
    const copy = tempDir();
    cpSync(bundledDataDir(pope), copy, { recursive: true });
    llavaFile(copy, chosen);
    let provenance: DataProvenance | undefined;
    const subset = await pope.load(copy, { subset: "llava", onProvenance: (p) => (provenance = p) });
    expect(subset.map((s) => s.id)).toEqual(chosen.map((s) => s.id));
    expect(provenance).toMatchObject({ layout: "official", subset: "llava", sample_set: { n: chosen.length } });

    const data = tempDir();
    await writeHubMini("pope", data, "local-dir");
    llavaFile(path.join(data, "pope"), chosen);
    const hub = await pope.load(path.join(data, "pope"), { subset: "llava", imageStore: new ImageStore(path.join(tempDir(), "img")) });
    expect(hub.map((s) => s.id)).toEqual(chosen.map((s) => s.id));
  });

  it("refuses a question the data does not hold, a missing file, and an unknown subset", async () => {
    const official = await pope.load(bundledDataDir(pope));
    const copy = tempDir();
    cpSync(bundledDataDir(pope), copy, { recursive: true });
    const fail = (options: object) =>
      pope.load(copy, options).then(
        () => null,
        (e: unknown) => e,
      );
    expect(await fail({ subset: "llava" })).toBeInstanceOf(DataError);
    llavaFile(copy, [...official.slice(0, 3), { ...official[3]!, question: "Is there a unicorn in the image?" }]);
    const error = (await fail({ subset: "llava" })) as DataError;
    expect(error.message).toMatch(/1 of LLaVA's questions are not in this POPE data \(first: random question \d+ \(line 4\)\)/);
    expect(await fail({ subset: "nope" })).toBeInstanceOf(UsageError);
  });
});
