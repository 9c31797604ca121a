import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AdapterError, DataError, RunIncompleteError } from "../../src/errors.js";
import { generateAll } from "../../src/runner.js";
import { type PredictionRecord, PredictionStore, promptSha } from "../../src/store.js";
import type { GenerateRequest, ModelAdapter, Sample } from "../../src/types.js";
import { tempDir } from "../helpers/tmp.js";

const samples: Sample[] = Array.from({ length: 40 }, (_, i) => ({
  id: `s/${i}`,
  benchmark: "toy",
  images: [`/img/${i % 4}.jpg`],
  question: `q${i}`,
  prompt: `question ${i}`,
  target: "yes",
  meta: {},
}));

/** An in-process model: answers after `delayMs`, fails where `fail` says, counts what it was asked. */
function toyAdapter(options: { delayMs?: number; fail?: (req: GenerateRequest) => Error | null } = {}) {
  const asked: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const adapter: ModelAdapter = {
    id: "toy:model|max_tokens=8|temperature=0|seed=0",
    kind: "toy",
    name: "model",
    settings: { maxTokens: 8, temperature: 0, seed: 0 },
    async generate(req) {
      asked.push(req.sample!.id);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, options.delayMs ?? 1));
        const error = options.fail?.(req);
        if (error) throw error;
        return { text: `answer to ${req.prompt}`, latencyMs: options.delayMs ?? 1 };
      } finally {
        inFlight--;
      }
    },
  };
  return { adapter, asked, maxInFlight: () => maxInFlight };
}

const openStore = (dir: string) => PredictionStore.open(path.join(dir, "predictions.jsonl"));

describe("generateAll", () => {
  it("asks every sample once, at most `concurrency` at a time, and stores each answer", async () => {
    const dir = tempDir();
    const toy = toyAdapter({ delayMs: 5 });
    const store = openStore(dir);
    const outcome = await generateAll(samples, { adapter: toy.adapter, store, concurrency: 4 });
    store.close();
    expect(outcome.generated).toBe(40);
    expect(new Set(toy.asked).size).toBe(40);
    expect(toy.maxInFlight()).toBeLessThanOrEqual(4);
    expect(toy.maxInFlight()).toBeGreaterThan(1);
    expect(readFileSync(path.join(dir, "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(40);
  });

  it("more workers than samples: each sample is asked exactly once", async () => {
    const store = openStore(tempDir());
    const toy = toyAdapter();
    const outcome = await generateAll(samples.slice(0, 3), { adapter: toy.adapter, store, concurrency: 16 });
    store.close();
    expect(toy.asked.sort()).toEqual(["s/0", "s/1", "s/2"]);
    expect(outcome.generated).toBe(3);
  });

  it("samples sharing a prompt each carry that prompt's hash, and the time the answer arrived", async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const shared = samples.map((s, i) => ({ ...s, prompt: `shared prompt ${i % 3}` }));
    const before = Date.now();
    await generateAll(shared, { adapter: toyAdapter().adapter, store, concurrency: 4 });
    const after = Date.now();
    store.close();
    const lines = readFileSync(path.join(dir, "predictions.jsonl"), "utf8").trim().split("\n");
    const records = lines.map((line) => JSON.parse(line) as PredictionRecord);
    expect(records).toHaveLength(40);
    for (const record of records) {
      const sample = shared.find((s) => s.id === record.id)!;
      expect(record.prompt_sha).toBe(promptSha(sample.prompt));
      expect(record.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(record.time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(record.time)).toBeLessThanOrEqual(after);
    }
    expect(new Set(records.map((r) => r.prompt_sha)).size).toBe(3);
  });

  it("resumes: samples already answered by the same adapter and prompt are not asked again", async () => {
    const dir = tempDir();
    const first = openStore(dir);
    await generateAll(samples.slice(0, 25), { adapter: toyAdapter().adapter, store: first, concurrency: 8 });
    first.close();
    const toy = toyAdapter();
    const second = openStore(dir);
    const outcome = await generateAll(samples, { adapter: toy.adapter, store: second, concurrency: 8 });
    second.close();
    expect(toy.asked.sort()).toEqual(
      samples
        .slice(25)
        .map((s) => s.id)
        .sort(),
    );
    expect(outcome.records.size).toBe(40);
    expect(readFileSync(path.join(dir, "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(40);
  });

  it("asks again when the prompt changed", async () => {
    const dir = tempDir();
    const store = openStore(dir);
    await generateAll(samples.slice(0, 3), { adapter: toyAdapter().adapter, store, concurrency: 2 });
    const toy = toyAdapter();
    const changed = samples.slice(0, 3).map((s) => ({ ...s, prompt: s.prompt + " (v2)" }));
    await generateAll(changed, { adapter: toy.adapter, store, concurrency: 2 });
    store.close();
    expect(toy.asked).toHaveLength(3);
  });

  it("reports per-sample failures and keeps going", async () => {
    const store = openStore(tempDir());
    const toy = toyAdapter({ fail: (r) => (r.sample!.id === "s/7" ? new AdapterError("400 context too long") : null) });
    const outcome = await generateAll(samples, { adapter: toy.adapter, store, concurrency: 4 });
    store.close();
    expect(outcome.failures).toEqual([{ id: "s/7", message: "400 context too long" }]);
    expect(outcome.records.size).toBe(39);
  });

  it("stops with RunIncompleteError when the model fails many samples in a row, keeping what finished", async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const toy = toyAdapter({ fail: (r) => (Number(r.sample!.id.slice(2)) >= 10 ? new AdapterError("connection refused") : null) });
    const sorted = [...samples].sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)));
    const same = sorted.map((s) => ({ ...s, images: ["/img/same.jpg"] }));
    await expect(generateAll(same, { adapter: toy.adapter, store, concurrency: 1, maxConsecutiveFailures: 5 })).rejects.toThrow(
      /5 samples failed in a row.*connection refused.*10 answers are saved/s,
    );
    store.close();
    expect(toy.asked.length).toBe(15);
    expect(readFileSync(path.join(dir, "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(10);
  });

  it("stops at once on bad input (DataError) from the adapter", async () => {
    const store = openStore(tempDir());
    const toy = toyAdapter({ fail: (r) => (r.sample!.id === "s/0" ? new DataError("corrupt image") : null) });
    await expect(generateAll(samples, { adapter: toy.adapter, store, concurrency: 1 })).rejects.toBeInstanceOf(DataError);
    store.close();
  });

  it("an aborted run throws RunIncompleteError and keeps the answers that arrived", async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const controller = new AbortController();
    let answered = 0;
    const toy = toyAdapter({ delayMs: 2 });
    const adapter: ModelAdapter = {
      ...toy.adapter,
      async generate(req) {
        const result = await toy.adapter.generate(req);
        if (++answered === 10) controller.abort();
        return result;
      },
    };
    const error = await generateAll(samples, { adapter, store, concurrency: 2, signal: controller.signal }).catch((e) => e);
    store.close();
    expect(error).toBeInstanceOf(RunIncompleteError);
    expect(error.message).toMatch(/interrupted.*rerun/s);
    const lines = readFileSync(path.join(dir, "predictions.jsonl"), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThan(40);
  });
});
