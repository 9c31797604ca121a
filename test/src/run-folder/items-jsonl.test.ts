import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { ITEMS_FILE, type ItemLine, writeFileAtomic, writeItems } from "../../../src/run-folder/index.js";
import { tempDir } from "../../helpers/tmp.js";

const item = (benchmark: string, id: string, correct: 0 | 1): ItemLine => ({ benchmark, id, parsed: "yes", correct, target: "yes" });
const readLines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ItemLine);

describe("writeFileAtomic", () => {
  it("writes a string, or a sequence of pieces larger than one chunk, byte for byte and leaves no temp file", () => {
    const dir = tempDir();
    const pieces = Array.from({ length: 30_000 }, (_, i) => `{"line":${i},"pad":"${"x".repeat(40)}"}\n`); // ~1.6 MiB
    writeFileAtomic(path.join(dir, "a.jsonl"), pieces);
    writeFileAtomic(path.join(dir, "b.txt"), "plain");
    expect(readFileSync(path.join(dir, "a.jsonl"), "utf8")).toBe(pieces.join(""));
    expect(readFileSync(path.join(dir, "b.txt"), "utf8")).toBe("plain");
    expect(readdirSync(dir).sort()).toEqual(["a.jsonl", "b.txt"]);
  });
});

describe("writeItems", () => {
  it("replaces the rescored benchmarks' lines and keeps the others'", () => {
    const dir = tempDir();
    writeItems(
      dir,
      new Map([
        ["pope", [item("pope", "random/1", 1)]],
        ["gqa", [item("gqa", "q1", 0)]],
      ]),
    );
    writeItems(dir, new Map([["pope", [item("pope", "random/1", 0), item("pope", "random/2", 1)]]]));
    expect(readLines(path.join(dir, ITEMS_FILE)).map((l) => [l.benchmark, l.id, l.correct])).toEqual([
      ["gqa", "q1", 0],
      ["pope", "random/1", 0],
      ["pope", "random/2", 1],
    ]);
  });

  it("a corrupt line in the existing items.jsonl is a DataError naming the file and line", () => {
    const dir = tempDir();
    const file = path.join(dir, ITEMS_FILE);
    writeFileSync(file, JSON.stringify(item("gqa", "q1", 1)) + "\n" + '{"benchmark":"gqa","id":\n');
    let error: unknown;
    try {
      writeItems(dir, new Map([["pope", [item("pope", "random/1", 1)]]]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toContain(`${file}, line 2: not valid JSON`);
    expect((error as DataError).message).toContain("Delete it and run the same command again");
  });
});
