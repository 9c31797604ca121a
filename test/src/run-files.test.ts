import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { loadRun } from "../../src/run-files.js";
import { writeRun } from "../helpers/runs.js";
import { tempDir } from "../helpers/tmp.js";

describe("loadRun", () => {
  it("reads results.json (or its folder) and groups items.jsonl by benchmark", async () => {
    const dir = path.join(tempDir(), "run");
    const file = writeRun(dir, { benchmarks: { a: [{ id: "1", correct: 1 }], b: [{ id: "1", score: 0.5 }, { id: "2", correct: 0 }] } });
    for (const arg of [file, dir]) {
      const run = await loadRun(arg);
      expect(run.resultsFile).toBe(file);
      expect([...run.items.keys()]).toEqual(["a", "b"]);
      expect(run.items.get("b")!.map((i) => i.id)).toEqual(["1", "2"]);
    }
  });

  it.each([
    ['{"benchmark":"a","id":"1","correct":2}', /line 2: "correct" is 2, not 0 or 1/],
    ['{"benchmark":"a","id":"1","score":1.5}', /line 2: "score" is 1\.5, not a number in \[0, 1\]/],
    ['{"id":"1","correct":1}', /line 2: no "benchmark"/],
    ['{"benchmark":"a","id":7}', /line 2: no string "id"/],
    ['{"benchmark":"a","id":"0","correct":1}', /line 2: a item "0" appears twice/],
    ["[1", /line 2: not valid JSON/],
  ])("a bad item line %s is an error naming the file and line", async (line, message) => {
    const dir = path.join(tempDir(), "run");
    writeRun(dir, { benchmarks: { a: [{ id: "0", correct: 1 }] } });
    const items = path.join(dir, "items.jsonl");
    writeFileSync(items, `{"benchmark":"a","id":"0","correct":1}\n${line}\n`);
    const error = await loadRun(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(items);
    expect((error as Error).message).toMatch(message);
  });
});
