import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { smallPope, tempDir } from "../../helpers/pope-fixtures.js";
import { startSlotServer } from "../../helpers/slot-server.js";

const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("run --shard and vlm-bench merge (separate CLI processes on 127.0.0.1)", { timeout: 240_000 }, () => {
  it("N shards then a merge give the unsharded run's metrics exactly, every sample once", async () => {
    const data = await tempDir();
    await smallPope(path.join(data, "pope"), { images: 9 });
    const server = await startSlotServer(["--slots", "16", "--ms", "2"]);
    const root = await tempDir();
    const base = ["run", "--model", "openai:sim", "--base-url", server.baseUrl, "--bench", "pope", "--data", data, "--no-progress"];

    expect((await runCli([...base, "--out", path.join(root, "whole")])).code).toBe(0);
    const shards = [0, 1, 2].map((k) => path.join(root, `shard${k}`));
    const runs = await Promise.all(shards.map((out, k) => runCli([...base, "--shard", `${k}/3`, "--out", out])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[1]!.stderr).toMatch(/shard 1 of 3 done \(pope \d+ of 162\)/);
    const manifest = json(path.join(shards[1]!, "shard.json"));
    expect(manifest).toMatchObject({ version: 1, partial: true, shard: { index: 1, count: 3 }, data: path.resolve(data), limit: null });
    expect(manifest.benchmarks.pope.fingerprint).toMatch(/^sha256:/);
    const counts = shards.map((s) => lines(path.join(s, "predictions.jsonl")).length);
    expect(counts.reduce((a, b) => a + b)).toBe(162);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(18); // one image's questions at most

    const merged = path.join(root, "merged");
    const merge = await runCli(["merge", ...shards, "--out", merged, "--no-progress"]);
    expect(merge.code, merge.stderr).toBe(0);
    const whole = json(path.join(root, "whole", "results.json"));
    const joined = json(path.join(merged, "results.json"));
    expect(joined.benchmarks.pope.metrics).toEqual(whole.benchmarks.pope.metrics);
    expect(joined.benchmarks.pope).toMatchObject({ n: 162, failed: 0 });
    expect(joined.model.fingerprint).toBe(whole.model.fingerprint);
    const ids = lines(path.join(merged, "predictions.jsonl")).map((r) => r.id);
    expect(new Set(ids).size).toBe(162);
    expect(ids.length).toBe(162);
  });

  it("refuses with exit 2 a missing shard, a doubled one, another model's shard, and a shard with a missing sample", async () => {
    const data = await tempDir();
    await smallPope(path.join(data, "pope"), { images: 4 });
    const server = await startSlotServer(["--slots", "16", "--ms", "1"]);
    const root = await tempDir();
    const base = ["run", "--model", "openai:sim", "--base-url", server.baseUrl, "--bench", "pope", "--data", data, "--no-progress"];
    const shards = [0, 1, 2].map((k) => path.join(root, `s${k}`));
    for (const [k, out] of shards.entries()) expect((await runCli([...base, "--shard", `${k}/3`, "--out", out])).code).toBe(0);
    const out = path.join(root, "merged");

    const missing = await runCli(["merge", shards[0]!, shards[2]!, "--out", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 1 of 3 is missing \(given: 0 in .*s0, 2 in .*s2\)/);

    const twice = await runCli(["merge", shards[0]!, shards[1]!, shards[1]!, "--out", out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 1 of 3 is given twice/);

    const other = path.join(root, "other1");
    expect((await runCli([...base, "--max-tokens", "7", "--shard", "1/3", "--out", other])).code).toBe(0);
    const mismatch = await runCli(["merge", shards[0]!, other, shards[2]!, "--out", out]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/shard 1 of 3 \(.*other1\) was made by adapter .* shards of one merge must use one model/);

    // Drop the first two answers of shard 2: the merge names the shard, its folder and the ids.
    const file = path.join(shards[2]!, "predictions.jsonl");
    const kept = readFileSync(file, "utf8").trim().split("\n");
    const dropped = kept.slice(0, 2).map((l) => JSON.parse(l).id);
    writeFileSync(file, `${kept.slice(2).join("\n")}\n`);
    const gap = await runCli(["merge", ...shards, "--out", out]);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toContain(`pope: 2 samples have no answer in any shard`);
    expect(gap.stderr).toContain(`shard 2 of 3, in ${shards[2]}`);
    for (const id of dropped) expect(gap.stderr).toContain(id);

    const notShard = await runCli(["merge", data, "--out", out]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/has no shard\.json: it is not a shard folder/);
  });

  it("--shard auto reads SLURM array and Kubernetes Indexed Job variables, and refuses without them", async () => {
    const data = await tempDir();
    await smallPope(path.join(data, "pope"), { images: 2 });
    const root = await tempDir();
    const base = ["run", "--bench", "pope", "--data", data, "--no-progress", "--shard", "auto"];
    const clean = { SLURM_ARRAY_TASK_ID: "", SLURM_ARRAY_TASK_MIN: "", SLURM_ARRAY_TASK_COUNT: "", JOB_COMPLETION_INDEX: "" };

    const slurm = await runCli([...base, "--out", path.join(root, "slurm")], {
      ...clean,
      SLURM_ARRAY_TASK_ID: "11",
      SLURM_ARRAY_TASK_MIN: "10",
      SLURM_ARRAY_TASK_COUNT: "2",
    });
    expect(slurm.code, slurm.stderr).toBe(0);
    expect(json(path.join(root, "slurm", "shard.json")).shard).toEqual({ index: 1, count: 2 });

    const k8s = await runCli([...base, "--shards", "2", "--out", path.join(root, "k8s")], { ...clean, JOB_COMPLETION_INDEX: "0" });
    expect(k8s.code, k8s.stderr).toBe(0);
    expect(json(path.join(root, "k8s", "shard.json")).shard).toEqual({ index: 0, count: 2 });

    const merged = await runCli([
      "merge",
      path.join(root, "k8s"),
      path.join(root, "slurm"),
      "--out",
      path.join(root, "merged"),
      "--no-progress",
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(json(path.join(root, "merged", "results.json")).benchmarks.pope.n).toBe(36);

    const neither = await runCli([...base, "--out", path.join(root, "none")], clean);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/neither a SLURM array job/);
  });
});
