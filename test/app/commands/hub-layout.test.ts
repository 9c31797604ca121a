import { copyFileSync, readFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeHubMini } from "../../../bench/fixtures/hub-mini.js";
import { writeShards } from "../../../bench/fixtures/hub-parquet.js";
import { writeTsvMini } from "../../../bench/fixtures/tsv-mini.js";
import { benchmarks, bundledDataDir } from "../../../datasets/index.js";
import { TSV_FILES } from "../../../datasets/tsv-files.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));

describe("vlm-bench run over Hugging Face snapshots scores exactly as over the official files", () => {
  let hubData: string;
  let hubOut: string;
  let officialOut: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    hubData = tempDir();
    env = { VLM_BENCH_IMAGE_CACHE: path.join(tempDir(), "images") };
    for (const b of benchmarks) await writeHubMini(b.name, hubData, b.name === "pope" ? "cache" : "local-dir");
    for (const f of ["problems.json", "pid_splits.json"])
      copyFileSync(path.join(bundledDataDir(benchmarks.find((b) => b.name === "scienceqa")!), f), path.join(hubData, "scienceqa", f));
    hubOut = path.join(tempDir(), "hub");
    officialOut = path.join(tempDir(), "official");
    // baseline:random keys its answers on image file names, which differ between layouts; the hub
    // run replays the official run's answers by sample id, so any difference is the data's.
    const official = await runCli(["run", "--model", "baseline:random", "--out", officialOut, "--no-progress"]);
    const hub = await runCli(
      ["run", "--model", `replay:${path.join(officialOut, "predictions.jsonl")}`, "--data", hubData, "--out", hubOut, "--no-progress"],
      env,
    );
    expect(hub.stderr).not.toMatch(/error/i);
    expect([hub.code, official.code]).toEqual([0, 0]);
  }, 300_000);

  it("gives every benchmark's metrics bit for bit", () => {
    const hub = results(hubOut).benchmarks;
    const official = results(officialOut).benchmarks;
    expect(Object.keys(hub).sort()).toEqual(Object.keys(official).sort());
    for (const name of Object.keys(official)) {
      expect(JSON.stringify(hub[name].metrics), name).toBe(JSON.stringify(official[name].metrics));
      expect([hub[name].n, hub[name].unparsed]).toEqual([official[name].n, official[name].unparsed]);
      expect(hub[name].provenance.sample_set, name).toEqual(official[name].provenance.sample_set);
    }
  });

  it("records provenance: layout, repository and revision, file checksums", () => {
    const { pope, gqa } = results(hubOut).benchmarks;
    expect(pope.provenance).toMatchObject({
      layout: "hub",
      repository: "lmms-lab/POPE",
      revision: "0123456789abcdef0123456789abcdef01234567",
      config: "default",
      split: "test",
    });
    expect(pope.provenance.files).toHaveLength(3);
    expect(gqa.provenance.files.map((f: { path: string }) => f.path)).toEqual([
      "testdev_balanced_instructions/testdev-00000-of-00001.parquet",
      "testdev_balanced_images/testdev-00000-of-00001.parquet",
    ]);
    expect(results(officialOut).benchmarks.pope.provenance).toMatchObject({ layout: "official" });
  });

  it("gate compares runs on the same sample set and refuses different ones, naming ids; the grid notes them", async () => {
    const same = await runCli(["gate", "--baseline", officialOut, "--candidate", hubOut, "--bench", "pope"]);
    expect(same.code, same.stderr).toBe(0);
    const subset = path.join(tempDir(), "subset");
    const limited = await runCli(
      [
        "run",
        "--model",
        `replay:${path.join(officialOut, "predictions.jsonl")}`,
        "--bench",
        "pope",
        "--limit",
        "200",
        "--data",
        hubData,
        "--out",
        subset,
        "--no-progress",
      ],
      env,
    );
    expect(limited.code, limited.stderr).toBe(0);
    const refused = await runCli(["gate", "--baseline", officialOut, "--candidate", subset, "--bench", "pope"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /pope: the runs scored different sample sets \(baseline 216 samples, official; candidate 200 samples, hub lmms-lab\/POPE@0123456789ab\); ids only in the baseline: 16 \("adversarial\/\d+"/,
    );
    const table = await runCli(["table", officialOut, subset]);
    expect(table.stdout).toMatch(
      /pope: the rows come from different sample sets \(baseline:random: 216 samples from official; replay:[^:]+: 200 samples from hub lmms-lab\/POPE@0123456789ab\)/,
    );
  });

  it("datasets check says which layout it found, with rows per config and split", async () => {
    const check = await runCli(["datasets", "check", "--data", hubData], env);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(
      /POPE: Hugging Face snapshot in .*\n {2}layout {3}Hugging Face snapshot in .*snapshots\/0123456789abcdef0123456789abcdef01234567 \(lmms-lab\/POPE, revision 0123456789abcdef0123456789abcdef01234567\)\n {2}rows {5}config default, split test: 216\n {2}valid {4}216 samples/,
    );
    expect(check.stdout).toMatch(/rows {5}config testdev_balanced_instructions, split testdev: 48/);
    expect(check.stdout).toMatch(/rows {5}config ScienceQA-IMG, split test: 10/);
  });
});

describe("damaged snapshots exit 2 naming what is wrong", () => {
  const pope = async (edit: (root: string, files: string[]) => void, name = "pope") => {
    const data = tempDir();
    const { root, files } = await writeHubMini(name, data, "local-dir");
    edit(root, files);
    return runCli(
      ["run", "--model", "baseline:yes", "--bench", name, "--data", data, "--out", path.join(tempDir(), "out"), "--no-progress"],
      {
        VLM_BENCH_IMAGE_CACHE: path.join(tempDir(), "images"),
      },
    );
  };
  const rewrite = (root: string, columns: Parameters<typeof writeShards>[1]["columns"], rows: Record<string, unknown>[]) =>
    writeShards(root, { folder: "data", split: "test", shards: 3, columns, rows });

  it("a truncated parquet file", async () => {
    const r = await pope((root, files) =>
      truncateSync(path.join(root, files[1]!), Math.floor(statSync(path.join(root, files[1]!)).size / 2)),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/test-00001-of-00003\.parquet: not a readable parquet file/);
  });

  const base = [
    { name: "id", type: "string" },
    { name: "question_id", type: "string" },
    { name: "question", type: "string" },
    { name: "answer", type: "string" },
    { name: "image_source", type: "string" },
    { name: "category", type: "string" },
  ] as const;
  const row = (i: number, extra: Record<string, unknown> = {}) => ({
    id: String(i),
    question_id: String(i + 1),
    question: "Is there a cat?",
    answer: "yes",
    image_source: "x",
    category: "random",
    ...extra,
  });

  it("a missing column, and a column of the wrong type", async () => {
    const missing = await pope((root) =>
      rewrite(
        root,
        [...base.filter((c) => c.name !== "answer"), { name: "image", type: "image" }],
        [0, 1, 2].map((i) => row(i)),
      ),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/test-00000-of-00003\.parquet: column "answer" is missing/);
    const wrong = await pope((root) =>
      rewrite(
        root,
        [...base, { name: "image", type: "string" }],
        [0, 1, 2].map((i) => row(i, { image: "x.jpg" })),
      ),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /test-00000-of-00003\.parquet: column "image" is BYTE_ARRAY \(UTF8\); expected an image struct \{bytes, path\}/,
    );
  });

  it("an image struct with no bytes names the sample", async () => {
    const r = await pope((root) =>
      rewrite(
        root,
        [...base, { name: "image", type: "image" }],
        [0, 1, 2].map((i) => row(i, { image: { bytes: null, path: "x.jpg" } })),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/POPE sample random\/1 has no image bytes/);
  });

  it("a duplicate id (the same rows twice)", async () => {
    const png = readFileSync(
      path.join(bundledDataDir(benchmarks.find((b) => b.name === "pope")!), "val2014", "COCO_val2014_000000024866.jpg"),
    );
    const r = await pope((root) =>
      rewrite(
        root,
        [...base, { name: "image", type: "image" }],
        [0, 1, 2].map(() => row(0, { image: { bytes: png, path: "x.jpg" } })),
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sample id random\/1 appears twice/);
  });
});

describe("vlm-bench over VLMEvalKit TSVs in a flat LMUData folder", () => {
  // The benchmarks whose TSV rows get official ids (GQA and ScienceQA through the official
  // annotations beside the TSVs), so the TSV run replays the official run's answers by sample id.
  // POPE and MM-Vet TSVs have row ids: test/datasets/tsv-layout.test.ts compares their metrics.
  const REPLAYED = ["mme", "gqa", "mmvp", "scienceqa"];
  it("runs MME, GQA, MMVP and ScienceQA from their TSVs with the official run's metrics and says which layout it found", async () => {
    const lmu = tempDir();
    for (const name of [...REPLAYED, "pope"]) await writeTsvMini(name, lmu);
    const env = { VLM_BENCH_IMAGE_CACHE: path.join(tempDir(), "images") };
    const officialOut = path.join(tempDir(), "official");
    const bench = REPLAYED.join(",");
    const official = await runCli(["run", "--model", "baseline:random", "--bench", bench, "--out", officialOut, "--no-progress"]);
    expect(official.code).toBe(0);
    const tsvOut = path.join(tempDir(), "tsv");
    const tsv = await runCli(
      [
        "run",
        "--model",
        `replay:${path.join(officialOut, "predictions.jsonl")}`,
        "--bench",
        bench,
        "--data",
        lmu,
        "--out",
        tsvOut,
        "--no-progress",
      ],
      env,
    );
    expect(tsv.code, tsv.stderr).toBe(0);
    for (const name of REPLAYED) {
      const [a, b] = [results(officialOut).benchmarks[name], results(tsvOut).benchmarks[name]];
      expect(JSON.stringify(b.metrics), name).toBe(JSON.stringify(a.metrics));
      expect([b.n, b.unparsed], name).toEqual([a.n, a.unparsed]);
      expect(b.provenance.sample_set, name).toEqual(a.provenance.sample_set);
      expect(b.provenance, name).toMatchObject({ layout: "tsv", ids: "official", files: [{ path: TSV_FILES[name] }] });
    }
    const check = await runCli(["datasets", "check", "--data", lmu, "--bench", `pope,${bench}`], env);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(
      /POPE: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*POPE\.tsv\n {2}valid {4}216 samples \(ids are row numbers/,
    );
    expect(check.stdout).toMatch(/MME: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*MME\.tsv\n {2}valid {4}56 samples\n/);
    expect(check.stdout).toMatch(
      /GQA: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*GQA_TestDev_Balanced\.tsv\n {2}valid {4}48 samples\n/,
    );
    expect(check.stdout).toMatch(/MMVP: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*MMVP\.tsv\n {2}valid {4}20 samples\n/);
    expect(check.stdout).toMatch(
      /ScienceQA-IMG: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*ScienceQA_TEST\.tsv\n {2}valid {4}10 samples\n/,
    );
  }, 180_000);

  it("runs GQA from its TSV alone (no questions JSON): row ids, the official run's accuracy, binary and open left out with a note", async () => {
    const lmu = tempDir();
    await writeTsvMini("gqa", lmu, { officialIds: false });
    const env = { VLM_BENCH_IMAGE_CACHE: path.join(tempDir(), "images") };
    const officialOut = path.join(tempDir(), "official");
    expect((await runCli(["run", "--model", "baseline:yes", "--bench", "gqa", "--out", officialOut, "--no-progress"])).code).toBe(0);
    const tsvOut = path.join(tempDir(), "tsv");
    const tsv = await runCli(["run", "--model", "baseline:yes", "--bench", "gqa", "--data", lmu, "--out", tsvOut, "--no-progress"], env);
    expect(tsv.code, tsv.stderr).toBe(0);
    const [a, b] = [results(officialOut).benchmarks.gqa, results(tsvOut).benchmarks.gqa];
    expect(Object.keys(a.metrics).sort()).toEqual(["accuracy", "binary", "open"]);
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify({ accuracy: a.metrics.accuracy }));
    expect(b.note).toMatch(/^binary and open not computed: 48 of 48 questions carry no structural type/);
    expect(b.provenance).toMatchObject({ layout: "tsv", ids: "row" });
    const check = await runCli(["datasets", "check", "--data", lmu, "--bench", "gqa"], env);
    expect(check.stdout).toMatch(
      /GQA: VLMEvalKit TSV in .*\n {2}layout {3}VLMEvalKit TSV .*\n {2}valid {4}48 samples \(ids are row numbers/,
    );
  }, 120_000);
});
