import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { JUDGE_FILE, JudgeCache } from "../../../src/judge/cache.js";
import { JudgeError } from "../../../src/judge/judge.js";
import { serverJudge } from "../../helpers/judge.js";
import { type Answer, closedPort, reply, type ScriptedServer, serversClosedAfterEach } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const start = serversClosedAfterEach();
const server = (answer: Answer = () => reply.completion("0.5")) => start(answer);
const request = (prompt: string, extra: object = {}) => ({ prompt, maxTokens: 3, temperature: 0, ...extra });

describe("a cached judge against a real server", () => {
  it("sends the request as asked (system, max tokens, temperature, seed + run) and returns the reply", async () => {
    const s = await server();
    const judge = serverJudge(s, tempDir());
    expect(await judge.ask(request("grade this", { system: "be precise", temperature: 0.5, run: 2 }))).toBe("0.5");
    const body = s.json(0);
    expect(body).toMatchObject({ model: "judge-model", max_tokens: 3, temperature: 0.5, seed: 2 });
    expect(body.messages[0]).toEqual({ role: "system", content: "be precise" });
    expect(body.messages[1].content).toEqual([{ type: "text", text: "grade this" }]);
    expect(judge.stats()).toEqual({ calls: 1, cached: 0 });
  });

  it("asks each distinct request once; a new judge over the same folder asks nothing", async () => {
    const s = await server();
    const dir = tempDir();
    const first = serverJudge(s, dir);
    const asks = [
      request("a"),
      request("a"),
      request("b"),
      request("a", { run: 1 }),
      request("a", { temperature: 0.5 }),
      request("a", { maxTokens: 4 }),
    ];
    await Promise.all(asks.map((r) => first.ask(r)));
    expect(s.received).toHaveLength(5); // the repeated "a" shares one request
    await first.close?.();
    const lines = readFileSync(path.join(dir, JUDGE_FILE), "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);

    const again = serverJudge(s, dir);
    for (const r of asks) expect(await again.ask(r)).toBe("0.5");
    expect(s.received).toHaveLength(5);
    expect(again.stats()).toEqual({ calls: 0, cached: 6 });
  });

  it("counts tokens once per distinct reply: sent now (usage) or reused from judge.jsonl (cached, as recorded when asked)", async () => {
    let n = 0;
    // Each request's usage is its order of arrival, so every sum below is a hand count.
    const s = await server(() => {
      n++;
      return reply.completion("0.5", { prompt_tokens: 100 * n, completion_tokens: n });
    });
    const dir = tempDir();
    const first = serverJudge(s, dir, { concurrency: 1 });
    for (const r of [request("a"), request("b"), request("a")]) await first.ask(r);
    // "a" twice: one request, its tokens counted once
    expect(first.usage!()).toEqual({
      fresh: { calls: 2, reported: 2, prompt_tokens: 100 + 200, completion_tokens: 1 + 2 },
      cached: { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 },
    });
    await first.close?.();
    expect(readFileSync(path.join(dir, JUDGE_FILE), "utf8")).toContain('"usage":{"promptTokens":100,"completionTokens":1}');

    const again = serverJudge(s, dir, { concurrency: 1 });
    for (const r of [request("b"), request("a"), request("b"), request("c")]) await again.ask(r);
    expect(again.usage!()).toEqual({
      fresh: { calls: 1, reported: 1, prompt_tokens: 300, completion_tokens: 3 },
      cached: { calls: 2, reported: 2, prompt_tokens: 200 + 100, completion_tokens: 2 + 1 },
    });
    expect(again.stats()).toEqual({ calls: 1, cached: 3 });
  });

  it("a judge that is down: each ask fails with an error naming the judge and its URL; nothing is cached", async () => {
    const port = await closedPort();
    const fake = { baseUrl: `http://127.0.0.1:${port}/v1` } as ScriptedServer;
    const dir = tempDir();
    const judge = serverJudge(fake, dir);
    const error = await judge.ask(request("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeError);
    expect((error as Error).message).toMatch(/^judge openai:judge-model failed: .*127\.0\.0\.1:\d+\/v1\/chat\/completions.*ECONNREFUSED/s);
    expect(existsSync(path.join(dir, JUDGE_FILE))).toBe(false);
  });

  it("stops asking after N failures in a row: later asks fail at once, saying why", async () => {
    const s = await server(() => reply.error(400, "bad request"));
    const judge = serverJudge(s, tempDir(), { maxConsecutiveFailures: 3, concurrency: 1 });
    const results = await Promise.allSettled(["1", "2", "3", "4", "5"].map((p) => judge.ask(request(p))));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(s.received).toHaveLength(3); // one at a time: the fourth and fifth are never sent
    const last = (results[4] as PromiseRejectedResult).reason as Error;
    expect(last.message).toMatch(/was not asked: it failed 3 times in a row.*bad request/s);
  });

  it("judge.jsonl: an incomplete last line is dropped, a corrupt line is a DataError naming file and line", () => {
    const dir = tempDir();
    const file = path.join(dir, JUDGE_FILE);
    writeFileSync(file, `{"key":"k1","judge":"j","run":0,"max_tokens":3,"temperature":0,"text":"0.5","time":"t"}\n{"key":"k2","te`);
    const warnings: string[] = [];
    const cache = JudgeCache.open(file, (w) => warnings.push(w));
    expect(cache.get("k1")).toEqual({ text: "0.5" });
    expect(cache.size).toBe(1);
    expect(warnings[0]).toMatch(/incomplete last line/);
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
    writeFileSync(file, `not json\n`);
    expect(() => JudgeCache.open(file)).toThrow(DataError);
    expect(() => JudgeCache.open(file)).toThrow(/judge\.jsonl, line 1: not a judge record/);
  });
});
