import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeTsvMini } from "../../bench/fixtures/tsv-mini.js";
import { benchmarks } from "../../datasets/index.js";
import { DataError } from "../../src/errors.js";
import { ImageStore } from "../../src/hub/image-store.js";
import type { DataProvenance, Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

const find = (name: string) => benchmarks.find((b) => b.name === name)!;
const load = async (name: string, dir: string) => {
  let provenance: DataProvenance | undefined;
  const samples = await find(name).load(dir, {
    imageStore: new ImageStore(path.join(tempDir(), "images")),
    onProvenance: (p) => (provenance = p),
  });
  return { samples, provenance: provenance! };
};
/** A fixed answer per official sample (a hash of its id), so both layouts are scored on the same answers. */
const answerFor = (s: Sample) => {
  const h = [...s.id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 1_000_003, 7);
  if (s.benchmark === "mmvp" || s.benchmark === "scienceqa") return ["A", "B", "C"][h % 3]!;
  if (s.benchmark === "gqa") return h % 2 === 0 ? (s.target as { answer: string }).answer : "no";
  return h % 3 === 0 ? "No" : "Yes";
};
const ROW_IDS = new Set(["pope", "mmvet"]);

describe("VLMEvalKit TSVs give the official questions and targets, scored bit for bit", () => {
  it.each([
    ["pope", true],
    ["mme", true],
    ["mmvet", true],
    ["gqa", true],
    ["mmvp", true],
    ["scienceqa", true],
    ["scienceqa", false],
  ] as const)("%s (official annotations beside it: %s)", async (name, officialIds) => {
    const dir = tempDir();
    const { samples: official, tsvIds, file } = await writeTsvMini(name, dir, { officialIds });
    // The POPE mini set asks some questions in several splits: one row, comma-joined categories.
    if (name === "pope") expect(readFileSync(file, "utf8")).toMatch(/\t(random|popular|adversarial),(popular|adversarial)/);
    const { samples, provenance } = await load(name, dir);
    const ids = ROW_IDS.has(name) || !officialIds ? "row" : "official";
    expect(provenance).toMatchObject({ layout: "tsv", ids, sample_set: { n: official.length } });
    // Official ids come in the official order.
    if (ids === "official") expect(samples.map((s) => s.id)).toEqual(official.map((s) => s.id));
    const byId = new Map(samples.map((s) => [s.id, s]));
    expect(samples).toHaveLength(official.length);
    official.forEach((o, i) => {
      const t = byId.get(tsvIds[i]!)!;
      expect({ question: t.question, prompt: t.prompt, target: t.target }).toEqual({
        question: o.question,
        prompt: o.prompt,
        target: o.target,
      });
      expect(readFileSync(t.images[0]!).equals(readFileSync(o.images[0]!))).toBe(true);
      if (name === "pope") expect(t.meta.split).toBe(o.meta.split);
      if (name === "mme") expect(t).toEqual({ ...o, images: t.images });
      if (name === "mmvet") expect(t.meta.capabilities).toEqual(o.meta.capabilities);
      if (name === "gqa") expect(t.meta).toMatchObject({ imageId: o.meta.imageId, structural: o.meta.structural });
      if (name === "mmvp" || name === "scienceqa") expect(t.choices).toEqual(o.choices);
      if (name === "mmvp") expect(t.meta).toMatchObject({ pair: o.meta.pair, options: o.meta.options, answer: o.meta.answer });
      if (name === "scienceqa" && officialIds) expect(t.meta).toMatchObject({ subject: o.meta.subject, grade: o.meta.grade });
    });
    if (name === "mmvet") return; // scored by a judge: the samples' equality is what the TSV decides
    const benchmark = find(name);
    const parse = (list: readonly Sample[], answers: readonly string[]) => list.map((s, i) => benchmark.parse(answers[i]!, s));
    const officialAnswers = official.map(answerFor);
    const answerOfTsv = new Map(tsvIds.map((id, i) => [id, officialAnswers[i]!]));
    const tsvAnswers = samples.map((s) => answerOfTsv.get(s.id)!);
    const a = await benchmark.score(official, parse(official, officialAnswers), { outputs: new Map() });
    const b = await benchmark.score(samples, parse(samples, tsvAnswers), { outputs: new Map() });
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics));
  });

  it("GQA without testdev_balanced_questions.json: row ids, the same accuracy bit for bit, binary and open left out with a note", async () => {
    const dir = tempDir();
    const { samples: official, tsvIds } = await writeTsvMini("gqa", dir, { officialIds: false });
    const { samples, provenance } = await load("gqa", dir);
    expect(provenance).toMatchObject({ layout: "tsv", ids: "row", sample_set: { n: official.length } });
    expect(samples.map((s) => s.id)).toEqual(tsvIds);
    samples.forEach((t, i) => {
      const o = official[i]!;
      expect({ prompt: t.prompt, target: t.target }).toEqual({
        prompt: o.prompt,
        target: { answer: (o.target as { answer: string }).answer, structural: null },
      });
    });
    const gqa = find("gqa");
    const answers = official.map(answerFor);
    const a = await gqa.score(
      official,
      official.map((s, i) => gqa.parse(answers[i]!, s)),
      { outputs: new Map() },
    );
    const b = await gqa.score(
      samples,
      samples.map((s, i) => gqa.parse(answers[i]!, s)),
      { outputs: new Map() },
    );
    expect(Object.keys(a.metrics).sort()).toEqual(["accuracy", "binary", "open"]);
    expect(b.metrics).toEqual({ accuracy: a.metrics.accuracy });
    expect(JSON.stringify(b.metrics.accuracy)).toBe(JSON.stringify(a.metrics.accuracy));
    expect(b.note).toMatch(/^binary and open not computed: \d+ of \d+ questions carry no structural type/);
    expect(gqa.describeTarget!(samples[0]!.target, samples[0])).toBe((official[0]!.target as { answer: string }).answer);
  });

  it("refuses a missing column, an image reference to nothing, and a duplicate index", async () => {
    const dir = tempDir();
    const { file } = await writeTsvMini("pope", dir);
    const text = readFileSync(file, "utf8");
    const error = async () => {
      const e = await find("pope")
        .load(dir, { imageStore: new ImageStore(path.join(tempDir(), "images")) })
        .then(
          () => null,
          (x: unknown) => x,
        );
      expect(e).toBeInstanceOf(DataError);
      return (e as DataError).message;
    };
    writeFileSync(file, text.replace("index\tquestion\tanswer\tcategory", "index\tquestion\tresponse\tcategory"));
    expect(await error()).toMatch(/POPE\.tsv: column "answer" is missing/);
    const lines = text.split("\n");
    const referring = lines.findIndex((l, i) => i > 0 && /\t\d+$/.test(l));
    lines[referring] = lines[referring]!.replace(/\t\d+$/, "\t9999");
    writeFileSync(file, lines.join("\n"));
    expect(await error()).toMatch(/refers to index 9999, which has no image of its own/);
    const rows = text.split("\n");
    writeFileSync(file, [...rows.slice(0, 2), rows[1]!, ...rows.slice(2)].join("\n"));
    expect(await error()).toMatch(/POPE\.tsv, line 3: row index 0 appears twice \(lines 2 and 3\)/);
  });
});
