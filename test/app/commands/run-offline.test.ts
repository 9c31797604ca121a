import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writePopeDataset } from "../../../datasets/pope/make-mini.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
/** Samples in the bundled mini sets: GQA 48, MME 56, POPE 216, VQAv2 24, ScienceQA-IMG 10. */
// gqa, mme, mmvet, pope, vqav2, mmvp, scienceqa mini sets
const BUNDLED = 48 + 56 + 16 + 216 + 24 + 20 + 10;

describe("vlm-bench run, offline on the bundled data", () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = path.join(tempDir(), "out");
    result = await runCli(["run", "--out", out, "--no-progress", "--factor", "llm=none", "vision=none"]);
  });

  it("exits 0 and prints the grid", () => {
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    // Latency percentiles come from predictions.jsonl, so the grid needs no "approximate" note.
    expect(result.stdout).not.toMatch(/approximate|Notes:/);
    expect(result.stdout).toMatch(
      /\| Model \| llm \| vision \| GQA \| MME Cog\. \| MME Per\. \| MM-Vet \| POPE Acc\. \| POPE F1 \| VQAv2 \| MMVP \| ScienceQA-IMG \|/,
    );
    expect(result.stdout).toMatch(
      /\| baseline:random \| none \| none \| 0\.\d{3} \| \d+ \| \d+ \| – \| 0\.\d{3} \| 0\.\d{3} \| \d+\.\d \| 0\.\d{3} \| 0\.\d{3} \|/,
    );
  });

  it("writes results.json in the SPEC §3 shape, with fractions and every POPE key", () => {
    const results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    expect(results.version).toBe(1);
    expect(results.harness).toMatch(/^vlm-bench@\d+\.\d+\.\d+/);
    expect(results.model).toMatchObject({ adapter: "baseline", name: "random", factors: { llm: "none", vision: "none" } });
    const p = results.benchmarks.pope;
    expect(p).toMatchObject({ n: 216, failed: 0, unparsed: 0 });
    expect(Object.keys(p.metrics.splits).sort()).toEqual(["adversarial", "popular", "random"]);
    for (const split of Object.values<any>(p.metrics.splits)) {
      expect(Object.keys(split).sort()).toEqual(["accuracy", "f1", "precision", "recall", "yes_ratio"]);
      for (const v of Object.values<number>(split)) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    }
    const splits = Object.values<any>(p.metrics.splits);
    expect(p.metrics.accuracy).toBeCloseTo(splits.reduce((s, x) => s + x.accuracy, 0) / 3, 12);
    expect(p.metrics.f1).toBeCloseTo(splits.reduce((s, x) => s + x.f1, 0) / 3, 12);
    expect(p.speed.samples_per_s).toBeGreaterThan(0);
    expect(p.speed.latency_ms_p95).toBeGreaterThanOrEqual(p.speed.latency_ms_p50);
  });

  it("writes one item per sample whose correctness agrees with the metrics, and table.md", () => {
    const items = readJsonl(path.join(out, "items.jsonl"));
    // MM-Vet without a judge is not scored, so it has no items (its answers are in predictions.jsonl).
    expect(items).toHaveLength(BUNDLED - 16);
    expect(items.filter((i) => i.benchmark === "pope")).toHaveLength(216);
    const results = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    const random = items.filter((i) => i.meta.split === "random");
    expect(random.reduce((s, i) => s + i.correct, 0) / random.length).toBe(results.benchmarks.pope.metrics.splits.random.accuracy);
    expect(readJsonl(path.join(out, "predictions.jsonl"))).toHaveLength(BUNDLED);
    expect(readFileSync(path.join(out, "table.md"), "utf8")).toContain("splits.adversarial.f1");
  });

  it("another model's run into the same folder is refused (exit 2) and the first model's results stay", async () => {
    const other = path.join(tempDir(), "other");
    expect((await runCli(["run", "--out", other, "--no-progress"])).code).toBe(0);
    const second = await runCli(["run", "--model", "baseline:yes", "--out", other, "--no-progress"]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/holds the results of another model \(baseline:random\|.*\), not of baseline:yes\|.*use another --out/);
    expect(JSON.parse(readFileSync(path.join(other, "results.json"), "utf8")).model.name).toBe("random");
    // Refused before any model call: no answer of baseline:yes was asked for.
    expect(readJsonl(path.join(other, "predictions.jsonl"))).toHaveLength(BUNDLED);
  });

  it("a rerun into the same folder asks nothing again and gives the same metrics", async () => {
    const before = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    const again = await runCli(["run", "--out", out, "--no-progress"]);
    expect(again.code).toBe(0);
    const after = JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
    expect(after.benchmarks.pope.metrics).toEqual(before.benchmarks.pope.metrics);
    expect(readJsonl(path.join(out, "predictions.jsonl"))).toHaveLength(BUNDLED);
  });
});

describe("vlm-bench run: bad usage and bad input exit 2 before any model call", () => {
  it.each([
    [["run", "--bench", "pope,foo"], /unknown benchmark "foo"\. Known benchmarks: .*pope/],
    [["run", "--model", "llama:x"], /unknown model adapter "llama".*openai:NAME.*baseline:yes\|no\|first\|random.*replay:FILE/s],
    [["run", "--model", "baseline:maybe"], /unknown baseline "maybe"/],
    [["run", "--concurrency", "zero"], /--concurrency must be auto or an integer/],
    [["run", "--seed", ""], /--seed must be an integer ≥ 0/],
    [["run", "--temperature", "-0.5"], /--temperature must be a number ≥ 0/],
    [["run", "--factor", "llm"], /--factor "llm" is not key=value/],
    [["run", "--frobnicate"], /unknown option '--frobnicate'/],
  ])("%j", async (args, message) => {
    const out = path.join(tempDir(), "out");
    const result = await runCli([...args, "--out", out, "--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("a missing split file names the file and where it looked", async () => {
    const data = tempDir();
    await writePopeDataset(path.join(data, "pope"), { images: 2, seed: 3 });
    rmSync(path.join(data, "pope", "coco_pope_popular.json"));
    const out = path.join(tempDir(), "out");
    const result = await runCli(["run", "--data", data, "--out", out, "--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("coco_pope_popular.json");
    expect(result.stderr).toContain(path.join(data, "pope"));
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["corrupt", (file: string) => writeFileSync(file, "this is not a JPEG"), /not a decodable image/],
    ["missing", (file: string) => rmSync(file), /missing/],
  ])("a %s image names the sample id and the path", async (_kind, damage, problem) => {
    const data = tempDir();
    await writePopeDataset(path.join(data, "pope"), { images: 3, seed: 3 });
    const imageDir = path.join(data, "pope", "val2014");
    const victim = readdirSync(imageDir).sort()[1]!;
    damage(path.join(imageDir, victim));
    const firstUse = readFileSync(path.join(data, "pope", "coco_pope_random.json"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .find((row) => row.image === victim);
    const out = path.join(tempDir(), "out");
    const result = await runCli(["run", "--data", data, "--out", out, "--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`random/${firstUse.question_id}`);
    expect(result.stderr).toContain(path.join(imageDir, victim));
    expect(result.stderr).toMatch(problem);
    expect(existsSync(path.join(out, "predictions.jsonl"))).toBe(false);
  });

  it("--bench with no folder under --data names the folder it looked for", async () => {
    const result = await runCli(["run", "--data", tempDir(), "--bench", "pope", "--no-progress"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no data folder for pope \(looked for .*\/pope\)/);
  });
});

describe("progress output", () => {
  it("prints plain progress lines when stderr is not a terminal, and none with --no-progress", async () => {
    const first = path.join(tempDir(), "a");
    const withLines = await runCli(["run", "--out", first]);
    expect(withLines.code).toBe(0);
    expect(withLines.stderr).toMatch(/pope: 216\/216 \(100%\) (?:[\d.]+|–)\/s ETA \S+ errors 0/);
    // A rerun answers everything from predictions.jsonl: no rate to show, rather than "0.0/s".
    const resumed = await runCli(["run", "--out", first]);
    expect(resumed.stderr).toMatch(/pope: 216\/216 \(100%\) \(216 resumed\) –\/s ETA 0s errors 0/);
    expect(resumed.stderr).not.toContain("0.0/s");
    const quiet = await runCli(["run", "--out", path.join(tempDir(), "b"), "--no-progress"]);
    expect(quiet.stderr).not.toMatch(/pope: \d+\/216/);
  });
});

describe("vlm-bench datasets", () => {
  it("lists each benchmark's files", async () => {
    const result = await runCli(["datasets"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/POPE — folder pope\//);
    expect(result.stdout).toContain("coco_pope_adversarial.json");
    expect(result.stdout).toContain("val2014/");
  });

  it("check says what was found where, and exits 2 naming what is missing", async () => {
    const data = tempDir();
    await writePopeDataset(path.join(data, "pope", "nested"), { images: 2, seed: 3 });
    const ok = await runCli(["datasets", "check", "--data", data]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/POPE: complete/);
    expect(ok.stdout).toContain(`found    coco_pope_random.json  ${path.join(data, "pope", "nested", "coco_pope_random.json")}`);
    rmSync(path.join(data, "pope", "nested", "val2014"), { recursive: true });
    const bad = await runCli(["datasets", "check", "--data", data]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/missing  val2014/);
    expect(bad.stderr).toMatch(/incomplete or invalid data for pope/);
  });
});
