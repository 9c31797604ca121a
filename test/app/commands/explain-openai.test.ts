import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, startCli } from "../../helpers/cli.js";
import { quadrantPope } from "../../helpers/explain-fixtures.js";
import { reply, ScriptedServer } from "../../helpers/openai-server.js";
import { regionAnswer } from "../../helpers/region-server.js";
import { tempDir } from "../../helpers/tmp.js";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const start = async (answer: Parameters<typeof ScriptedServer.start>[0]) => {
  const server = await ScriptedServer.start(answer);
  servers.push(server);
  return server;
};

/** The image a request carried, as a hash: one per occlusion cell (and one for the unoccluded image). */
const imageOf = (body: string) => createHash("sha256").update(JSON.parse(body).messages.at(-1).content[0].image_url.url).digest("hex");
const args = (server: ScriptedServer, data: string, out: string, extra: string[] = []) => [
  "explain",
  "--model",
  "openai:region",
  "--base-url",
  server.baseUrl,
  "--bench",
  "pope",
  "--data",
  data,
  "--sample",
  "random/1",
  "--grid",
  "4",
  "--no-progress",
  "--out",
  out,
  ...extra,
];

describe("vlm-bench explain --model openai:NAME against a loopback server whose log-probabilities depend on one region", () => {
  it("asks for logprobs and finds the region: top-left cells relevant, the others zero", async () => {
    const server = await start({ answer: regionAnswer });
    const data = await quadrantPope(tempDir());
    const out = path.join(tempDir(), "out");
    const r = await runCli(args(server, data, out));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 sample × 1 model × 17 requests (1 unoccluded + 4×4 occluded) = 17 requests");
    expect(server.received).toHaveLength(17);
    expect(server.json(0)).toMatchObject({ logprobs: true, top_logprobs: 20, max_tokens: 128 });
    // Occluded requests read only the first token's log-probabilities.
    expect(server.received.slice(1).every((req) => JSON.parse(req.body).max_tokens === 1)).toBe(true);
    const map = JSON.parse(readFileSync(path.join(out, "explain.json"), "utf8")).maps[0];
    expect(map).toMatchObject({ model: "openai:region", method: "occlusion", grid: 4, answer: "Yes", bounded: [] });
    for (const [r, row] of (map.values as number[][]).entries()) {
      for (const [c, value] of row.entries()) {
        if (r < 2 && c < 2) expect(value, `cell ${r},${c}`).toBeGreaterThan(1e-4);
        else expect(value, `cell ${r},${c}`).toBe(0);
      }
    }
  });

  it("resumes: killed part-way, the rerun sends only the requests that had no answer", async () => {
    let answered = 0;
    const firstImages = new Set<string>();
    // The first run gets 6 answers; then the server stops answering and the harness is killed.
    const server = await start({
      answer: async (req) => {
        if (answered >= 6) return reply.hang();
        answered++;
        firstImages.add(imageOf(req.body));
        return regionAnswer(req);
      },
    });
    const data = await quadrantPope(tempDir());
    const out = path.join(tempDir(), "out");
    const first = startCli(args(server, data, out, ["--concurrency", "2"]));
    const predictions = path.join(out, "predictions.jsonl");
    const lines = () => (existsSync(predictions) ? readFileSync(predictions, "utf8").trim().split("\n").filter(Boolean).length : 0);
    while (lines() < 6) await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill("SIGKILL");
    await first.done;
    expect(lines()).toBe(6);

    const again = await start({ answer: regionAnswer });
    const r = await runCli(args(again, data, out));
    expect(r.code, r.stderr).toBe(0);
    expect(again.received).toHaveLength(17 - 6);
    const secondImages = again.received.map((req) => imageOf(req.body));
    expect(new Set(secondImages).size).toBe(secondImages.length);
    for (const image of secondImages) expect(firstImages.has(image)).toBe(false);
    expect(lines()).toBe(17);
    // A third run answers everything from predictions.jsonl.
    const idle = await start({ answer: regionAnswer });
    expect((await runCli(args(idle, data, out))).code).toBe(0);
    expect(idle.received).toHaveLength(0);
  });

  it("a server that returns no log-probabilities: exit 2 naming the servers that do, before any occluded request", async () => {
    const server = await start({ answer: () => reply.completion("Yes") });
    const data = await quadrantPope(tempDir());
    const r = await runCli(args(server, data, path.join(tempDir(), "out")));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/without token log-probabilities/);
    expect(r.stderr).toMatch(/vLLM, SGLang and llama\.cpp's llama-server/);
    expect(server.received).toHaveLength(1);
  });

  it("an unknown sample id: exit 2 naming the nearest ids, before any request", async () => {
    const server = await start({ answer: regionAnswer });
    const data = await quadrantPope(tempDir());
    const r = await runCli([...args(server, data, path.join(tempDir(), "out")), "--sample", "random/2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no sample "random\/2" \(nearest: "random\/1", /);
    expect(server.received).toHaveLength(0);
  });

  it("a grid larger than the image: exit 2, before any request", async () => {
    const server = await start({ answer: regionAnswer });
    const data = await quadrantPope(tempDir(), { width: 12, height: 10 });
    const r = await runCli([...args(server, data, path.join(tempDir(), "out")), "--grid", "11"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--grid 11 is larger than sample pope random\/1's image .*\(12×10 pixels\).*--grid 10 or less/);
    expect(server.received).toHaveLength(0);
  });

  it("--config: each model on its own endpoint, both maps in one explain.json and one side-by-side figure", async () => {
    const [a, b] = [await start({ answer: regionAnswer }), await start({ answer: regionAnswer })];
    const data = await quadrantPope(tempDir());
    const root = tempDir();
    const config = path.join(root, "vlm-bench.config.json");
    const models = [
      { name: "small", model: "openai:small", base_url: a.baseUrl },
      { name: "large", model: "openai:large", base_url: b.baseUrl },
    ];
    writeFileSync(config, JSON.stringify({ models, benchmarks: ["pope"], data, out: "results", concurrency: 3 }));
    const r = await runCli(["explain", "--config", config, "--sample", "adversarial/1", "--grid", "2", "--no-progress"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("1 sample × 2 models × 5 requests");
    expect(a.received.map((req) => JSON.parse(req.body).model)).toEqual(Array(5).fill("small"));
    expect(b.received.map((req) => JSON.parse(req.body).model)).toEqual(Array(5).fill("large"));
    const out = path.join(root, "results", "explain");
    const maps = JSON.parse(readFileSync(path.join(out, "explain.json"), "utf8")).maps;
    expect(maps.map((m: { model: string }) => m.model)).toEqual(["openai:small", "openai:large"]);
    expect(readdirSync(path.join(out, "side-by-side"))).toHaveLength(1);
    expect(readdirSync(path.join(out, "overlays"))).toHaveLength(2);

    const clash = await runCli(["explain", "--config", config, "--sample", "adversarial/1", "--base-url", a.baseUrl]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--base-url cannot be combined with --config/);
  });
});
