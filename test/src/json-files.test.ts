import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { readJsonFile, readJsonLineRecords, readJsonLines } from "../../src/json-files.js";
import { tempDir } from "../helpers/tmp.js";

const file = (name: string, text: string) => {
  const full = path.join(tempDir(), name);
  writeFileSync(full, text);
  return full;
};

describe("JSON data files", () => {
  it("reads JSON lines with their true line numbers, skipping blank lines and a missing final newline", async () => {
    const f = file("a.jsonl", '{"a":1}\n\n  \n{"a":2}');
    expect(await readJsonLines(f)).toEqual([{ a: 1 }, { a: 2 }]);
    expect((await readJsonLineRecords(f)).map((r) => r.line)).toEqual([1, 4]);
  });

  it.each([
    ["a malformed line", '{"a":1}\n\n{"a":\n', 3],
    ["a truncated last line", '{"a":1}\n{"a"', 2],
  ])("%s is a DataError naming the file and line", async (_name, text, line) => {
    const f = file("b.jsonl", text);
    const error = await readJsonLines(f).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).line).toBe(line);
    expect((error as Error).message).toContain(`${f}, line ${line}: not valid JSON`);
  });

  it("a whole-file JSON document that does not parse names the file", async () => {
    const f = file("c.json", "{ nope");
    await expect(readJsonFile(f)).rejects.toThrow(`${f}: not valid JSON`);
    expect(await readJsonFile(file("d.json", '{"ok": true}'))).toEqual({ ok: true });
  });

  it("a file that cannot be read names the file and the reason", async () => {
    const missing = path.join(tempDir(), "absent.json");
    await expect(readJsonLines(missing)).rejects.toThrow(`${missing}: cannot be read (ENOENT)`);
  });
});
