import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledDataDir } from "../../../datasets/index.js";
import { pope } from "../../../datasets/pope/index.js";
import { runCli, startCli } from "../../helpers/cli.js";
import { type Answer, closedPort, promptAnswer, reply, type ScriptedServer, serversClosedAfterEach } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const lines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
    : [];
const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForLines(file: string, count: number): Promise<void> {
  for (let i = 0; i < 1000 && lines(file).length < count; i++) await delay(10);
}

const server = serversClosedAfterEach();
const slowly =
  (ms: number): Answer =>
  async (req) => (await delay(ms), promptAnswer(req));

// These tests are about the runner, so they run POPE's mini set alone (216 samples).
const model = (s: ScriptedServer, ...extra: string[]) => [
  "--model",
  "openai:test-vlm",
  "--base-url",
  s.baseUrl,
  "--no-progress",
  "--bench",
  "pope",
  ...extra,
];

/** The reference: the same model's results from one uninterrupted run. */
async function uninterrupted(): Promise<any> {
  const s = await server(promptAnswer);
  const out = path.join(tempDir(), "ref");
  const r = await runCli(["run", ...model(s), "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  return results(out);
}

/** Starts a run against `s`, and sends `signal` once `count` answers are on disk. */
async function interruptAfter(s: ScriptedServer, count: number, signal: NodeJS.Signals, concurrency: number) {
  const out = path.join(tempDir(), "out");
  const predictions = path.join(out, "predictions.jsonl");
  const run = startCli(["run", ...model(s, "--concurrency", String(concurrency)), "--out", out]);
  await waitForLines(predictions, count);
  run.child.kill(signal);
  return { out, predictions, stopped: await run.done };
}

describe("vlm-bench run against a real OpenAI-compatible server", () => {
  it("a run killed part-way and rerun gives the uninterrupted run's results, with no duplicate predictions", async () => {
    const reference = await uninterrupted();
    const slow = await server(slowly(15));
    const { out, predictions } = await interruptAfter(slow, 40, "SIGKILL", 4);
    const kept = lines(predictions).length;
    expect(kept).toBeGreaterThanOrEqual(40);
    expect(kept).toBeLessThan(216);

    const askedBefore = slow.received.length;
    const second = await runCli(["run", ...model(slow, "--concurrency", "4"), "--out", out]);
    expect(second.code, second.stderr).toBe(0);
    expect(slow.received.length - askedBefore).toBeLessThanOrEqual(216 - kept + 1);
    const all = lines(predictions).map((l) => JSON.parse(l));
    expect(all).toHaveLength(216);
    expect(new Set(all.map((p) => p.id)).size).toBe(216);
    expect(results(out).benchmarks.pope.metrics).toEqual(reference.benchmarks.pope.metrics);
    expect(results(out).benchmarks.pope.n).toBe(216);
  });

  it("Ctrl-C stops cleanly (exit 3) with what finished on disk, and the rerun resumes", async () => {
    const slow = await server(slowly(20));
    const { out, predictions, stopped } = await interruptAfter(slow, 10, "SIGINT", 2);
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/interrupted: \d+ of 216 pope answers are saved .*rerun/s);
    const kept = lines(predictions).length;
    expect(kept).toBeGreaterThanOrEqual(10);
    const resumed = await runCli(["run", ...model(slow), "--out", out]);
    expect(resumed.code).toBe(0);
    expect(lines(predictions)).toHaveLength(216);
  });

  it("a server that refuses connections: exit 3, a message naming the URL, nothing half-written", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", "--model", "openai:test-vlm", "--base-url", url, "--retries", "1", "--no-progress", "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${url}/chat/completions`);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).toMatch(/rerun with the same --out to resume/);
    expect(existsSync(path.join(out, "results.json"))).toBe(false);
  });

  it("a server that dies mid-run: exit 3, answers so far kept; the rerun against a new server finishes", async () => {
    let served = 0;
    let port = 0;
    const dying = await server((req) => {
      if (++served <= 60) return promptAnswer(req);
      setImmediate(() => dying.close());
      return reply.destroy();
    });
    port = dying.port;
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(dying, "--retries", "1"), "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed in a row/);
    const kept = lines(path.join(out, "predictions.jsonl")).length;
    expect(kept).toBeGreaterThanOrEqual(50);
    expect(kept).toBeLessThanOrEqual(60);

    const revived = await server(promptAnswer, port);
    const again = await runCli(["run", ...model(revived), "--out", out]);
    expect(again.code, again.stderr).toBe(0);
    expect(revived.received.length).toBe(216 - kept);
    expect(results(out).benchmarks.pope.n).toBe(216);
  });

  it("a server that answers garbage: the samples fail with the body quoted, exit 3", async () => {
    const garbage = await server(() => reply.text(200, "<html>proxy error</html>"));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(garbage, "--retries", "1"), "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("<html>proxy error</html>");
  });

  it("a refused API key (401) stops the run at once: exit 3, one message naming the key variable, no ten-in-a-row", async () => {
    const s = await server(() => reply.error(401, "invalid api key"));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(s, "--concurrency", "2"), "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/rejected the request for model "test-vlm" with HTTP 401.*OPENAI_API_KEY/s);
    expect(r.stderr).not.toMatch(/in a row/);
    // Only the requests already in flight when the first 401 came back were sent.
    expect(s.received.length).toBeLessThanOrEqual(2);
  });

  it("sends the API key from --api-key-env and writes it to no file under --out", async () => {
    const secret = "sk-test-0123456789-secret";
    const s = await server((req) => (req.headers.authorization === `Bearer ${secret}` ? promptAnswer(req) : reply.error(401, "bad key")));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(s, "--api-key-env", "MY_VLM_KEY"), "--out", out], { MY_VLM_KEY: secret });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(secret);
    const files = readdirSync(out, { recursive: true }) as string[];
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const full = path.join(out, f);
      if (statSync(full).isFile()) expect(readFileSync(full, "utf8"), f).not.toContain(secret);
    }
  });

  it("samples the server rejects (400) fail alone: exit 3 by default, reported with --max-failed", async () => {
    const samples = await pope.load(bundledDataDir(pope));
    const victim = samples[0];
    // The same question about the same image stands in every split that asks it.
    const k = samples.filter((s) => s.images[0] === victim!.images[0] && s.prompt === victim!.prompt).length;
    const victimImage = `data:image/jpeg;base64,${readFileSync(victim!.images[0]!).toString("base64")}`;
    const rejects = await server((req) => {
      const content = JSON.parse(req.body).messages[0].content;
      const isVictim = content[0].image_url.url === victimImage && content[1].text === victim!.prompt;
      return isVictim ? reply.error(400, "prompt too long for the context") : promptAnswer(req);
    });
    const out = path.join(tempDir(), "out");
    const strict = await runCli(["run", ...model(rejects), "--out", out]);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(
      new RegExp(
        `pope: ${k} of 216 samples failed \\(${k} samples \\(random/1, .*\\), e\\.g\\. random/1: .*prompt too long for the context`,
      ),
    );
    expect(strict.stderr).toMatch(/--max-failed/);
    expect(existsSync(path.join(out, "results.json"))).toBe(false);
    const askedBefore = rejects.received.length;
    const lenient = await runCli(["run", ...model(rejects, "--max-failed", String(k)), "--out", out]);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(rejects.received.length - askedBefore).toBe(k); // only the failed samples are asked again
    expect(results(out).benchmarks.pope).toMatchObject({ n: 216 - k, failed: k });
  });

  it("--limit evaluates only the first N samples", async () => {
    const s = await server(promptAnswer);
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(s, "--limit", "30"), "--out", out]);
    expect(r.code).toBe(0);
    expect(s.received).toHaveLength(30);
    expect(results(out).benchmarks.pope.n).toBe(30);
  });
});
