import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { promptAnswer, startChatServer, type ChatServer } from "../helpers/chat-server.js";
import { runCli, startCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "") : []);
const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForLines(file: string, count: number): Promise<void> {
  for (let i = 0; i < 1000 && lines(file).length < count; i++) await delay(10);
}

let servers: ChatServer[] = [];
async function server(...args: Parameters<typeof startChatServer>): Promise<ChatServer> {
  const s = await startChatServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const model = (s: ChatServer, ...extra: string[]) => ["--model", "openai:test-vlm", "--base-url", s.url, "--no-progress", ...extra];

/** The reference: the same model's results from one uninterrupted run. */
async function uninterrupted(): Promise<any> {
  const s = await server(({ body }) => ({ text: promptAnswer(body) }));
  const out = path.join(tempDir(), "ref");
  const r = await runCli(["run", ...model(s), "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  return results(out);
}

describe("vlm-bench run against a real OpenAI-compatible server", () => {
  it("a run killed part-way and rerun gives the uninterrupted run's results, with no duplicate predictions", async () => {
    const reference = await uninterrupted();
    const slow = await server(async ({ body }) => (await delay(15), { text: promptAnswer(body) }));
    const out = path.join(tempDir(), "out");
    const predictions = path.join(out, "predictions.jsonl");
    const first = startCli(["run", ...model(slow, "--concurrency", "4"), "--out", out]);
    await waitForLines(predictions, 40);
    first.child.kill("SIGKILL");
    await first.done;
    const kept = lines(predictions).length;
    expect(kept).toBeGreaterThanOrEqual(40);
    expect(kept).toBeLessThan(216);

    const askedBefore = slow.requests.length;
    const second = await runCli(["run", ...model(slow, "--concurrency", "4"), "--out", out]);
    expect(second.code, second.stderr).toBe(0);
    expect(slow.requests.length - askedBefore).toBeLessThanOrEqual(216 - kept + 1);
    const all = lines(predictions).map((l) => JSON.parse(l));
    expect(all).toHaveLength(216);
    expect(new Set(all.map((p) => p.id)).size).toBe(216);
    expect(results(out).benchmarks.pope.metrics).toEqual(reference.benchmarks.pope.metrics);
    expect(results(out).benchmarks.pope.n).toBe(216);
  });

  it("Ctrl-C stops cleanly (exit 3) with what finished on disk, and the rerun resumes", async () => {
    const slow = await server(async ({ body }) => (await delay(20), { text: promptAnswer(body) }));
    const out = path.join(tempDir(), "out");
    const predictions = path.join(out, "predictions.jsonl");
    const run = startCli(["run", ...model(slow, "--concurrency", "2"), "--out", out]);
    await waitForLines(predictions, 10);
    run.child.kill("SIGINT");
    const stopped = await run.done;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/interrupted: \d+ of 216 pope answers are saved .*rerun/s);
    const kept = lines(predictions).length;
    expect(kept).toBeGreaterThanOrEqual(10);
    const resumed = await runCli(["run", ...model(slow), "--out", out]);
    expect(resumed.code).toBe(0);
    expect(lines(predictions)).toHaveLength(216);
  });

  it("a server that refuses connections: exit 3, a message naming the URL, nothing half-written", async () => {
    const gone = await startChatServer(() => ({ text: "Yes" }));
    const url = gone.url;
    await gone.close();
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
    const dying = await server(({ body }) => {
      if (++served > 60) {
        setImmediate(() => dying.close());
        return "destroy";
      }
      return { text: promptAnswer(body) };
    });
    const port = new URL(dying.url).port;
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(dying, "--retries", "1"), "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed in a row/);
    const kept = lines(path.join(out, "predictions.jsonl")).length;
    expect(kept).toBeGreaterThanOrEqual(50);
    expect(kept).toBeLessThanOrEqual(60);

    const revived = await server(({ body }) => ({ text: promptAnswer(body) }), Number(port));
    const again = await runCli(["run", ...model(revived), "--out", out]);
    expect(again.code, again.stderr).toBe(0);
    expect(revived.requests.length).toBe(216 - kept);
    expect(results(out).benchmarks.pope.n).toBe(216);
  });

  it("a server that answers garbage: the samples fail with the body quoted, exit 3", async () => {
    const garbage = await server(() => ({ status: 200, body: "<html>proxy error</html>" }));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(garbage, "--retries", "1"), "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("<html>proxy error</html>");
  });

  it("sends the API key from --api-key-env and writes it to no file under --out", async () => {
    const secret = "sk-test-0123456789-secret";
    const s = await server(({ headers, body }) =>
      headers.authorization === `Bearer ${secret}` ? { text: promptAnswer(body) } : { status: 401, body: "bad key" },
    );
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

  it("--limit evaluates only the first N samples", async () => {
    const s = await server(({ body }) => ({ text: promptAnswer(body) }));
    const out = path.join(tempDir(), "out");
    const r = await runCli(["run", ...model(s, "--limit", "30"), "--out", out]);
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(30);
    expect(results(out).benchmarks.pope.n).toBe(30);
  });
});
