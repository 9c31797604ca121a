import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { reply, type ScriptedServer, serversClosedAfterEach } from "../../helpers/openai-server.js";
import { tempDir } from "../../helpers/tmp.js";

const server = serversClosedAfterEach();
const results = (out: string) => JSON.parse(readFileSync(path.join(out, "results.json"), "utf8"));
const popeRun = (s: ScriptedServer, out: string, ...extra: string[]) =>
  runCli(["run", "--model", "openai:vlm", "--base-url", s.baseUrl, "--bench", "pope", "--out", out, "--no-progress", ...extra]);

describe("token usage in results.json (a real server on 127.0.0.1 reporting usage)", () => {
  it("sums the answers a benchmark's result is built from, resumed ones with their own usage", async () => {
    const out = path.join(tempDir(), "run");
    // First run: 40 of POPE's 216 mini samples at 10 prompt + 1 completion tokens each.
    const cheap = await server(() => reply.completion("Yes", { prompt_tokens: 10, completion_tokens: 1 }));
    const first = await popeRun(cheap, out, "--limit", "40");
    expect(first.code, first.stderr).toBe(0);
    expect(results(out).benchmarks.pope.usage).toEqual({ calls: 40, reported: 40, prompt_tokens: 400, completion_tokens: 40 });

    // Resumed: the 40 answers are reused, the other 176 asked at 1000 + 3 each.
    const dear = await server(() => reply.completion("Yes", { prompt_tokens: 1000, completion_tokens: 3 }));
    const second = await popeRun(dear, out);
    expect(second.code, second.stderr).toBe(0);
    expect(dear.received).toHaveLength(176);
    // 40 × 10 + 176 × 1000 = 176,400; 40 × 1 + 176 × 3 = 568
    expect(results(out).benchmarks.pope.usage).toEqual({ calls: 216, reported: 216, prompt_tokens: 176_400, completion_tokens: 568 });

    // All resumed: nothing asked, the same totals (an uninterrupted run's sum over the same answers).
    const third = await popeRun(dear, out);
    expect(third.code, third.stderr).toBe(0);
    expect(dear.received).toHaveLength(176);
    expect(results(out).benchmarks.pope.usage).toEqual({ calls: 216, reported: 216, prompt_tokens: 176_400, completion_tokens: 568 });
  });

  it("records that no call reported usage (reported 0), not 0 tokens used", async () => {
    const out = path.join(tempDir(), "run");
    const silent = await server(() => reply.completion("No"));
    const r = await popeRun(silent, out, "--limit", "5");
    expect(r.code, r.stderr).toBe(0);
    expect(results(out).benchmarks.pope.usage).toEqual({ calls: 5, reported: 0, prompt_tokens: 0, completion_tokens: 0 });
  });
});

describe("run --config with prices: the report's manifest shows tokens and cost", () => {
  function writeConfig(value: unknown): string {
    const file = path.join(tempDir(), "vlm-bench.config.json");
    writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  }
  const cellsOf = (html: string, name: string) =>
    [...html.match(new RegExp(`<tr (?:class="total" )?data-usage="${name}">(.*?)</tr>`))![1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(
      (m) => m[1],
    );

  it("model and judge priced separately, with a total; a rerun from the caches shows the same cost", async () => {
    const model = await server(() => reply.completion("Yes", { prompt_tokens: 1000, completion_tokens: 20 }));
    const judge = await server(() => reply.completion("1.0", { prompt_tokens: 500, completion_tokens: 2 }));
    const file = writeConfig({
      models: [{ name: "vlm", model: "openai:vlm", base_url: model.baseUrl, prices: { input: 0.5, output: 1.5 } }],
      benchmarks: ["mmvet"],
      limit: 4,
      out: "results",
      judge: { model: "openai:grader", base_url: judge.baseUrl, prices: { input: 10, output: 30 } },
    });
    const root = path.join(path.dirname(file), "results");
    const r = await runCli(["run", "--config", file, "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    expect(judge.received).toHaveLength(4);
    const mmvet = results(path.join(root, "vlm")).benchmarks.mmvet;
    expect(results(path.join(root, "vlm")).model.prices).toEqual({ input: 0.5, output: 1.5 });
    expect(mmvet.usage).toEqual({ calls: 4, reported: 4, prompt_tokens: 4000, completion_tokens: 80 });
    expect(mmvet.judge).toMatchObject({
      calls: 4,
      cached: 0,
      usage: { calls: 4, reported: 4, prompt_tokens: 2000, completion_tokens: 8 },
      cached_usage: { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 },
      prices: { input: 10, output: 30 },
    });
    // model: 4,000 × $0.50/1M + 80 × $1.50/1M = $0.00212; judge: 2,000 × $10/1M + 8 × $30/1M = $0.02024; total $0.02236
    const expected = ["mmvet", "4,000", "80", "$0.00212", "2,000", "8", "$0.0202", "$0.0224"];
    const html = readFileSync(path.join(root, "report.html"), "utf8");
    expect(cellsOf(html, "mmvet")).toEqual(expected);
    expect(cellsOf(html, "total")).toEqual(["total", ...expected.slice(1)]);

    // Rerun: every answer and every grade from the caches; the judge's tokens are its cached replies'.
    const again = await runCli(["run", "--config", file, "--no-progress"]);
    expect(again.code, again.stderr).toBe(0);
    expect(model.received).toHaveLength(4);
    expect(judge.received).toHaveLength(4);
    expect(results(path.join(root, "vlm")).benchmarks.mmvet.judge).toMatchObject({
      calls: 0,
      cached: 4,
      usage: { calls: 0, reported: 0, prompt_tokens: 0, completion_tokens: 0 },
      cached_usage: { calls: 4, reported: 4, prompt_tokens: 2000, completion_tokens: 8 },
    });
    const rerun = readFileSync(path.join(root, "report.html"), "utf8");
    expect(cellsOf(rerun, "mmvet")).toEqual(expected);
    expect(rerun).toContain("mmvet: 4 of the judge&#39;s 4 replies came from its cache (judge.jsonl), paid when first asked.");

    // A report made later from the run folder alone (prices are in results.json) shows the same.
    const table = await runCli(["table", path.join(root, "vlm"), "--format", "html"]);
    expect(table.code, table.stderr).toBe(0);
    expect(cellsOf(table.stdout, "mmvet")).toEqual(expected);
  });

  it.each([
    [{ input: -1, output: 2 }, undefined, "/models/0/prices/input: must be >= 0"],
    [{ input: "cheap", output: 2 }, undefined, "/models/0/prices/input: must be number"],
    [{ input: 1 }, undefined, '/models/0/prices: missing required key "output"'],
    [{ input: 1, output: 1, currency: "EUR" }, undefined, '/models/0/prices: unknown key "currency"'],
    [undefined, { input: 1, output: -0.5 }, "/judge/prices/output: must be >= 0"],
  ])("prices %j, judge prices %j: exit 2 naming the key, before any model call", async (prices, judgePrices, message) => {
    const file = writeConfig({
      models: [{ name: "m", model: "baseline:yes", ...(prices === undefined ? {} : { prices }) }],
      benchmarks: ["pope"],
      ...(judgePrices === undefined ? {} : { judge: { model: "openai:j", prices: judgePrices } }),
    });
    const r = await runCli(["run", "--config", file, "--no-progress"]);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(path.dirname(file), "vlm-bench-results"))).toBe(false);
  });
});
