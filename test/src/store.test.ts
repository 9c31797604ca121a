import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { type PredictionRecord, PredictionStore, promptSha } from "../../src/store.js";
import { tempDir } from "../helpers/tmp.js";

const record = (id: string, text = "Yes"): PredictionRecord => ({
  benchmark: "pope",
  id,
  adapter: "baseline:yes|max_tokens=128|temperature=0|seed=0",
  prompt_sha: promptSha(`prompt ${id}`),
  text,
  latency_ms: 1,
  time: "2026-01-01T00:00:00.000Z",
});

describe("PredictionStore", () => {
  it("appends one line per record, finds it again after reopening, and never writes a duplicate", () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    const store = PredictionStore.open(file);
    store.append(record("random/1"));
    store.append(record("random/1", "No"));
    store.append(record("random/2"));
    store.close();
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
    const again = PredictionStore.open(file);
    const r = record("random/1");
    expect(again.find("pope", "random/1", r.adapter, r.prompt_sha)?.text).toBe("Yes");
    expect(again.find("pope", "random/1", "other-adapter", r.prompt_sha)).toBeUndefined();
    expect(again.find("pope", "random/1", r.adapter, promptSha("another prompt"))).toBeUndefined();
    again.close();
  });

  it("appendAll writes many records in ~1 MB writes: every line once, in order, duplicates (in the batch or stored) skipped", () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    const store = PredictionStore.open(file);
    store.append(record("random/0"));
    const long = "x".repeat(5000); // 500 records of ~5 KB: more than two 1 MB writes
    const batch = Array.from({ length: 500 }, (_, i) => record(`random/${i}`, long));
    store.appendAll([...batch, record("random/7", "No")]);
    store.close();
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as PredictionRecord);
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: 500 }, (_, i) => `random/${i}`));
    expect(lines[0]!.text).toBe("Yes"); // stored before the batch: the batch's copy is not written
    expect(lines.slice(1).every((l) => l.text === long)).toBe(true);
  });

  it("refuses a line whose bytes are not UTF-8 (naming the line) instead of resuming from a mangled answer", () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    const good = Buffer.from(JSON.stringify(record("random/1")) + "\n");
    const bad = Buffer.from(JSON.stringify(record("random/2", "Ye?")) + "\n");
    bad[bad.indexOf("Ye?") + 2] = 0xff; // a byte no UTF-8 text holds
    writeFileSync(file, Buffer.concat([good, bad]));
    expect(() => PredictionStore.open(file)).toThrow(/predictions\.jsonl, line 2: not UTF-8 text/);
  });

  it("drops a last line cut short by a crash, with a warning, and appends cleanly after it", () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    writeFileSync(file, JSON.stringify(record("random/1")) + "\n" + JSON.stringify(record("random/2")).slice(0, 30));
    const warnings: string[] = [];
    const store = PredictionStore.open(file, (w) => warnings.push(w));
    expect(store.size).toBe(1);
    expect(warnings[0]).toMatch(/incomplete last line/);
    store.append(record("random/2"));
    store.close();
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["random/1", "random/2"]);
  });

  it("names the file and line of a corrupt record in the middle", () => {
    const file = path.join(tempDir(), "predictions.jsonl");
    writeFileSync(file, JSON.stringify(record("random/1")) + "\n{oops\n");
    appendFileSync(file, JSON.stringify(record("random/3")) + "\n");
    let caught: unknown;
    try {
      PredictionStore.open(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as DataError).line).toBe(2);
    expect((caught as Error).message).toContain(`${file}, line 2`);
  });
});
