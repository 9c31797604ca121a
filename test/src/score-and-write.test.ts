import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readRunFolder } from "../../src/run-folder/index.js";
import { RunWriter, type ScoredModel } from "../../src/score-and-write.js";
import type { Benchmark, Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

/** A yes/no benchmark scored by plain accuracy; `ungradable` ids come back as scorer failures (a judge that could not grade them). */
function yesNo(name: string, ungradable: readonly string[] = []): Benchmark<string> {
  return {
    name,
    title: name.toUpperCase(),
    files: [],
    load: async () => [],
    parse: (text) => /^(yes|no)\b/i.exec(text.trim())?.[1]?.toLowerCase() ?? null,
    score(samples, parsed) {
      const items = samples.flatMap((s, i) =>
        ungradable.includes(s.id) ? [] : [{ id: s.id, parsed: parsed[i] ?? null, correct: (parsed[i] === s.target ? 1 : 0) as 0 | 1 }],
      );
      return {
        metrics: { accuracy: items.filter((i) => i.correct === 1).length / items.length },
        items,
        failures: ungradable.map((id) => ({ id, message: "grader unreachable" })),
      };
    },
  };
}

const samples = (benchmark: string, targets: string[]): Sample<string>[] =>
  targets.map((target, i) => ({ id: `${benchmark}/${i}`, benchmark, images: [], question: `q${i}`, prompt: `q${i}?`, target, meta: {} }));

const MODEL: ScoredModel = {
  adapter: "toy",
  name: "m",
  fingerprint: "toy:m|max_tokens=8|temperature=0|seed=0",
  settings: { maxTokens: 8, temperature: 0, seed: 0 },
};
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("RunWriter: the one score-and-write path of run and score", () => {
  it("writes each benchmark's entry, its item lines and results.json as soon as it is scored; the folder reads back valid", async () => {
    const out = path.join(tempDir(), "out");
    const writer = RunWriter.open(out, MODEL, { llm: "a" });
    const a = samples("a", ["yes", "no", "yes", "no"]);
    // 3 of 4 right, one unparsable (counted wrong and in `unparsed`), one model call failed before.
    expect(
      await writer.score({
        benchmark: yesNo("a"),
        samples: a,
        outputs: new Map([
          ["a/0", "Yes."],
          ["a/1", "no"],
          ["a/2", "maybe"],
          ["a/3", "No"],
        ]),
        failed: 1,
      }),
    ).toBeNull();
    expect(lines(path.join(out, "items.jsonl")).map((l) => [l.benchmark, l.id, l.correct, l.target])).toEqual([
      ["a", "a/0", 1, "yes"],
      ["a", "a/1", 1, "no"],
      ["a", "a/2", 0, "yes"],
      ["a", "a/3", 1, "no"],
    ]);
    const speed = { samples_per_s: 2, latency_ms_p50: 10, latency_ms_p95: 20 };
    const b = samples("b", ["no", "no"]);
    expect(await writer.score({ benchmark: yesNo("b"), samples: b, outputs: new Map([["b/0", "no"]]), speed: () => speed })).toBeNull();
    const run = readRunFolder(out);
    expect(run.results.benchmarks).toEqual({
      a: { n: 4, failed: 1, unparsed: 1, metrics: { accuracy: 0.75 } },
      b: { n: 1, failed: 0, unparsed: 0, metrics: { accuracy: 1 }, speed },
    });
    expect(run.results.model).toMatchObject({ adapter: "toy", name: "m", fingerprint: MODEL.fingerprint, factors: { llm: "a" } });
    expect([...run.items!.keys()]).toEqual(["a", "b"]);
  });

  it("a rerun into the same folder keeps the other benchmarks, factors and speed it had, and replaces only what it scores", async () => {
    const out = path.join(tempDir(), "out");
    const first = RunWriter.open(out, { ...MODEL, label: "row" }, { llm: "a" });
    const speed = { samples_per_s: 5 };
    await first.score({ benchmark: yesNo("a"), samples: samples("a", ["yes"]), outputs: new Map([["a/0", "yes"]]), speed: () => speed });
    await first.score({ benchmark: yesNo("b"), samples: samples("b", ["no"]), outputs: new Map([["b/0", "yes"]]) });
    const again = RunWriter.open(out, MODEL, { vision: "clip" });
    let previousSpeed: unknown;
    await again.score({
      benchmark: yesNo("a"),
      samples: samples("a", ["yes", "no"]),
      outputs: new Map([
        ["a/0", "yes"],
        ["a/1", "yes"],
      ]),
      speed: (previous) => {
        previousSpeed = previous;
        return {};
      },
    });
    expect(previousSpeed).toEqual(speed);
    const run = readRunFolder(out);
    expect(run.results.model.factors).toEqual({ llm: "a", vision: "clip" });
    expect(run.results.model.label).toBe("row");
    expect(run.results.benchmarks.a!.n).toBe(2);
    expect(run.results.benchmarks.b!.metrics).toEqual({ accuracy: 0 });
    expect(lines(path.join(out, "items.jsonl")).map((l) => l.id)).toEqual(["b/0", "a/0", "a/1"]);
  });

  it("another model's folder: refused (DataError, exit 2) naming both fingerprints; its files stay", async () => {
    const out = path.join(tempDir(), "out");
    await RunWriter.open(out, { ...MODEL, fingerprint: "other" }, {}).score({
      benchmark: yesNo("a"),
      samples: samples("a", ["yes"]),
      outputs: new Map([["a/0", "yes"]]),
    });
    const before = readFileSync(path.join(out, "items.jsonl"), "utf8");
    expect(() => RunWriter.open(out, MODEL, {})).toThrow(/holds the results of another model \(other\), not of toy:m.*use another --out/);
    expect(readRunFolder(out).results.model.fingerprint).toBe("other");
    expect(readFileSync(path.join(out, "items.jsonl"), "utf8")).toBe(before);
  });

  it("items.jsonl keeps only the lines of the results.json written: another model's, left after its results.json went, are dropped", async () => {
    const out = path.join(tempDir(), "out");
    await RunWriter.open(out, { ...MODEL, fingerprint: "other" }, {}).score({
      benchmark: yesNo("b"),
      samples: samples("b", ["yes"]),
      outputs: new Map([["b/0", "yes"]]),
    });
    rmSync(path.join(out, "results.json"));
    await RunWriter.open(out, MODEL, {}).score({ benchmark: yesNo("a"), samples: samples("a", ["no"]), outputs: new Map([["a/0", "no"]]) });
    expect(lines(path.join(out, "items.jsonl")).map((l) => l.id)).toEqual(["a/0"]);
  });

  it("a partial job never replaces a complete result: nothing of it is written, and the log says so", async () => {
    const out = path.join(tempDir(), "out");
    await RunWriter.open(out, MODEL, {}).score({
      benchmark: yesNo("a"),
      samples: samples("a", ["yes", "no"]),
      outputs: new Map([
        ["a/0", "yes"],
        ["a/1", "no"],
      ]),
    });
    const before = readFileSync(path.join(out, "items.jsonl"), "utf8");
    const log: string[] = [];
    const writer = RunWriter.open(out, MODEL, {}, (m) => log.push(m));
    const partial = { limit: 1, n: 1, of: 2 };
    expect(
      await writer.score({ benchmark: yesNo("a"), samples: samples("a", ["no"]), outputs: new Map([["a/0", "no"]]), partial }),
    ).toBeNull();
    expect(readRunFolder(out).results.benchmarks.a).toMatchObject({ n: 2 });
    expect(readRunFolder(out).results.benchmarks.a!.partial).toBeUndefined();
    expect(readFileSync(path.join(out, "items.jsonl"), "utf8")).toBe(before);
    expect(log.join("\n")).toMatch(/a: kept the complete result .* \(n=2\); this run covered 1 of 2 samples \(--limit 1\)/);
    // A partial result over a partial one, or with no result yet, is written and marked.
    const fresh = path.join(tempDir(), "fresh");
    await RunWriter.open(fresh, MODEL, {}).score({
      benchmark: yesNo("a"),
      samples: samples("a", ["no"]),
      outputs: new Map([["a/0", "no"]]),
      partial,
    });
    expect(readRunFolder(fresh).results.benchmarks.a!.partial).toEqual(partial);
  });

  it("answers the scorer could not grade beyond maxFailed: the reason is returned and nothing of the benchmark is written", async () => {
    const out = path.join(tempDir(), "out");
    const writer = RunWriter.open(out, MODEL, {});
    const judged = yesNo("j", ["j/1"]);
    const outputs = new Map([
      ["j/0", "yes"],
      ["j/1", "no"],
    ]);
    const reason = await writer.score({ benchmark: judged, samples: samples("j", ["yes", "no"]), outputs });
    expect(reason).toMatch(/^j: the judge could not grade 1 of 2 answers \(j\/1: grader unreachable\); .*judge\.jsonl/);
    expect(existsSync(path.join(out, "results.json"))).toBe(false);
    expect(existsSync(path.join(out, "items.jsonl"))).toBe(false);
    // With room for one failure the benchmark is written, the failure counted.
    expect(await writer.score({ benchmark: judged, samples: samples("j", ["yes", "no"]), outputs }, { maxFailed: 1 })).toBeNull();
    expect(readRunFolder(out).results.benchmarks.j).toEqual({ n: 1, failed: 1, unparsed: 0, metrics: { accuracy: 1 } });
  });
});
