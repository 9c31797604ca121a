import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, startCli } from "../../helpers/cli.js";
import { smallPope, tempDir } from "../../helpers/pope-fixtures.js";
import { startSlotServer } from "../../helpers/slot-server.js";

const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
const predictionLines = (out: string) => readFileSync(path.join(out, "predictions.jsonl"), "utf8").trim().split("\n");

/** POPE with `images` images: 18 questions per image over the three splits. */
async function pope(images: number): Promise<string> {
  const data = await tempDir();
  await smallPope(path.join(data, "pope"), { images });
  return data;
}

const run = (data: string, out: string, urls: string[], extra: string[] = []) => [
  "run",
  "--model",
  "openai:sim",
  ...urls.flatMap((u) => ["--base-url", u]),
  "--bench",
  "pope",
  "--data",
  data,
  "--out",
  out,
  ...extra,
];

describe("run against a pool of OpenAI-compatible servers (real processes on 127.0.0.1)", { timeout: 180_000 }, () => {
  it("spreads the samples over every endpoint, records their number (not their URLs), and shows the limits", async () => {
    const data = await pope(12);
    const servers = await Promise.all([0, 1, 2].map(() => startSlotServer(["--slots", "4", "--ms", "20"])));
    const out = path.join(await tempDir(), "out");
    const result = await runCli(
      run(
        data,
        out,
        servers.map((s) => s.baseUrl),
      ),
    );
    expect(result.stderr).not.toMatch(/warning/);
    expect(result.code).toBe(0);
    const written = results(out);
    expect(written.model.endpoints).toBe(3);
    expect(written.benchmarks.pope.n).toBe(216);
    expect(written.benchmarks.pope.failed).toBe(0);
    expect(JSON.stringify(written)).not.toMatch(/127\.0\.0\.1/);
    expect(result.stderr).toMatch(/pope: 216\/216 \(100%\).* limits \d+\+\d+\+\d+/);
  });

  it("finishes when one of four servers is killed mid-run, with the metrics of an undisturbed run and no duplicates", async () => {
    const data = await pope(20);
    const servers = await Promise.all([0, 1, 2, 3].map(() => startSlotServer(["--slots", "4", "--ms", "30"])));
    const urls = servers.map((s) => s.baseUrl);
    const calm = path.join(await tempDir(), "calm");
    expect((await runCli(run(data, calm, urls))).code).toBe(0);

    const hit = path.join(await tempDir(), "hit");
    const cli = startCli(run(data, hit, urls, ["--retries", "0"]));
    await new Promise((r) => setTimeout(r, 700));
    servers[2]!.child.kill("SIGKILL");
    const result = await cli.done;
    expect(result.stderr).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${servers[2]!.port}/v1: (cannot connect|connection broke).*taken out \\(3 of 4 left\\)`),
    );
    expect(result.code).toBe(0);
    expect(results(hit).benchmarks.pope).toMatchObject({ n: 360, failed: 0 });
    expect(results(hit).benchmarks.pope.metrics).toEqual(results(calm).benchmarks.pope.metrics);
    const ids = predictionLines(hit).map((line) => JSON.parse(line).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("exits 3 when every endpoint is gone, keeping the answers that finished", async () => {
    const data = await pope(40);
    const servers = await Promise.all([0, 1].map(() => startSlotServer(["--slots", "2", "--ms", "30"])));
    const out = path.join(await tempDir(), "out");
    const cli = startCli(
      run(
        data,
        out,
        servers.map((s) => s.baseUrl),
        ["--retries", "1"],
      ),
    );
    await new Promise((r) => setTimeout(r, 700));
    for (const s of servers) s.child.kill("SIGKILL");
    const result = await cli.done;
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/rerun with the same --out to resume/);
    expect(predictionLines(out).length).toBeGreaterThan(0);
  });

  it("loses no sample against a server that answers 429 above 4 in flight", async () => {
    const data = await pope(6);
    const server = await startSlotServer(["--slots", "4", "--ms", "20", "--reject-above", "4"]);
    const out = path.join(await tempDir(), "out");
    const result = await runCli(run(data, out, [server.baseUrl]));
    expect(result.code, result.stderr).toBe(0);
    expect(results(out).benchmarks.pope).toMatchObject({ n: 108, failed: 0 });
    expect(results(out).model.endpoints).toBeUndefined();
  });

  it("refuses with exit 2 when the endpoints serve different models, and warns once when one cannot say", async () => {
    const data = await pope(2);
    const a = await startSlotServer(["--model", "sim"]);
    const b = await startSlotServer(["--model", "other"]);
    const out = path.join(await tempDir(), "out");
    const refused = await runCli(run(data, out, [a.baseUrl, b.baseUrl]));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`http://127.0.0.1:${b.port}/v1/models lists "other"`);

    const silent = await startSlotServer(["--no-models", "--ms", "1"]);
    const warned = await runCli(run(data, out, [a.baseUrl, silent.baseUrl]));
    expect(warned.code).toBe(0);
    expect(warned.stderr.match(/could not check which model/g)).toHaveLength(1);
  });

  it("keeps --concurrency N as a fixed limit per endpoint", async () => {
    const data = await pope(4);
    const server = await startSlotServer(["--slots", "64", "--ms", "5"]);
    const out = path.join(await tempDir(), "out");
    const result = await runCli(run(data, out, [server.baseUrl], ["--concurrency", "3"]));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/pope: 72\/72 \(100%\).* limit 3\n/);
    expect((await runCli(run(data, out, [server.baseUrl], ["--concurrency", "zero"]))).code).toBe(2);
  });

  it("runs command: replicas from the CLI (--replicas 2 --devices 3,7), and refuses --replicas for a server", async () => {
    const data = await pope(2);
    const child = path.join(await tempDir(), "child.mjs");
    writeFileSync(
      child,
      `import { createInterface } from "node:readline";
createInterface({ input: process.stdin }).on("line", (line) => {
  const { id } = JSON.parse(line);
  process.stdout.write(JSON.stringify({ id, text: "No, replica " + process.env.VLM_BENCH_REPLICA + " on " + process.env.CUDA_VISIBLE_DEVICES }) + "\\n");
});
`,
    );
    const out = path.join(await tempDir(), "out");
    const args = ["run", "--model", `command:${process.execPath} ${child}`, "--bench", "pope", "--data", data, "--out", out];
    const result = await runCli([...args, "--replicas", "2", "--devices", "3,7"]);
    expect(result.code, result.stderr).toBe(0);
    expect(results(out).model.endpoints).toBe(2);
    const texts = new Set(predictionLines(out).map((line) => JSON.parse(line).text));
    expect([...texts].sort()).toEqual(["No, replica 0 on 3", "No, replica 1 on 7"]);
    const refused = await runCli(["run", "--model", "openai:sim", "--bench", "pope", "--data", data, "--out", out, "--replicas", "2"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--replicas is an option of command: models; --model is openai:sim/);
  });
});
