import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { quadrantPope } from "../../helpers/explain-fixtures.js";
import { tempDir } from "../../helpers/tmp.js";

/**
 * A command: child for explain. Every request is logged. With --relevancy it answers a request
 * that carries "explain": true with its own 3×3 grid; otherwise, asked for "logprobs", it says
 * "Yes" with log-probability −0.1, except for the occluded copy of cell (0, 1) (the harness
 * names the files r{row}c{col}.png), where "Yes" drops to −2.6 and "No" leads.
 */
const CHILD = String.raw`
import { appendFileSync } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
const [log, mode] = process.argv.slice(2);
const GRID = [[0, 0.25, 1e-9], [0.5, 1, -0.125], [3, 2.5e3, 7]];
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  appendFileSync(log, JSON.stringify(req) + "\n");
  if (mode === "--relevancy" && req.explain === true) {
    process.stdout.write(JSON.stringify({ id: req.id, text: "Yes", relevancy: GRID }) + "\n");
    return;
  }
  const hit = basename(req.images[0]) === "r0c1.png";
  const yes = hit ? -2.6 : -0.1, no = hit ? -0.08 : -2.4;
  const first = hit ? { token: "No", logprob: no } : { token: "Yes", logprob: yes };
  const top = [{ token: "Yes", logprob: yes }, { token: "No", logprob: no }].sort((a, b) => b.logprob - a.logprob).slice(0, req.top_logprobs);
  process.stdout.write(JSON.stringify({ id: req.id, text: first.token, logprobs: req.logprobs ? [{ ...first, top }] : undefined }) + "\n");
});
`;

async function setup(mode: string) {
  const dir = tempDir();
  const child = path.join(dir, "child.mjs");
  writeFileSync(child, CHILD);
  const log = path.join(dir, "requests.jsonl");
  const data = await quadrantPope(tempDir());
  const out = path.join(tempDir(), "out");
  const run = (extra: string[] = []) =>
    runCli([
      "explain",
      "--model",
      `command:node ${child} ${log} ${mode}`,
      "--bench",
      "pope",
      "--data",
      data,
      "--sample",
      "popular/1",
      "--grid",
      "3",
      "--no-progress",
      "--out",
      out,
      ...extra,
    ]);
  const requests = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const explain = () => JSON.parse(readFileSync(path.join(out, "explain.json"), "utf8"));
  return { run, requests, explain, out };
}

describe("vlm-bench explain --model command:…", () => {
  it("a child that returns its own relevancy grid: passed through verbatim, whatever --grid says, with no occluded requests", async () => {
    const t = await setup("--relevancy");
    const r = await t.run(["--grid", "8"]);
    expect(r.code, r.stderr).toBe(0);
    const requests = t.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ explain: true, logprobs: true, top_logprobs: 20 });
    const [map] = t.explain().maps;
    expect(map).toMatchObject({ method: "adapter", grid: 3, answer: "Yes", bounded: [] });
    expect(map.values).toEqual([
      [0, 0.25, 1e-9],
      [0.5, 1, -0.125],
      [3, 2.5e3, 7],
    ]);
  });

  it("a child that returns log-probabilities: the occluded cell that changes them is the relevant one", async () => {
    const t = await setup("--logprobs");
    const r = await t.run();
    expect(r.code, r.stderr).toBe(0);
    expect(t.requests()).toHaveLength(10);
    const [map] = t.explain().maps;
    expect(map).toMatchObject({ method: "occlusion", grid: 3, answer: "Yes", bounded: [] });
    expect(map.values[0][1]).toBeCloseTo(2.5, 12);
    expect(map.values.flat().filter((v: number) => v !== 0)).toHaveLength(1);
  });

  it("with --top-logprobs 1 the answer falls out of the occluded cell's list: that cell is a bound, and marked", async () => {
    const t = await setup("--logprobs");
    const r = await t.run(["--top-logprobs", "1"]);
    expect(r.code, r.stderr).toBe(0);
    const [map] = t.explain().maps;
    // "Yes" is not among the top 1 ("No", −0.08): its log-probability is at most −0.08, so the drop is at least −0.1 − (−0.08).
    expect(map.values[0][1]).toBeCloseTo(-0.02, 12);
    expect(map.bounded).toEqual([[0, 1]]);
  });
});
