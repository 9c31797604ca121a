import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeLeftoverTemps } from "../../src/leftover-temps.js";
import { tempDir } from "../helpers/tmp.js";

describe("leftovers of a write killed between writing and renaming (issue 12 item 13)", () => {
  it("removes <name>.<pid>.tmp of a dead process, keeps a live process's and every other file", () => {
    const dir = tempDir();
    const dead = 2 ** 22 + 12_345; // above Linux's pid_max default range: no such process
    writeFileSync(path.join(dir, `results.json.${dead}.tmp`), '{"half');
    writeFileSync(path.join(dir, `items.jsonl.${dead}.tmp`), "");
    writeFileSync(path.join(dir, `results.json.${process.ppid}.tmp`), "{}"); // a live process (our parent)
    writeFileSync(path.join(dir, "results.json"), "{}");
    writeFileSync(path.join(dir, "notes.tmp"), "");
    mkdirSync(path.join(dir, "sub"));
    const logged: string[] = [];
    expect(removeLeftoverTemps(dir, (m) => logged.push(m)).sort()).toEqual([`items.jsonl.${dead}.tmp`, `results.json.${dead}.tmp`]);
    expect(readdirSync(dir).sort()).toEqual(["notes.tmp", `results.json.${process.ppid}.tmp`, "results.json", "sub"].sort());
    expect(logged[0]).toMatch(/removed 2 leftover temporary file/);
  });

  it("a folder that does not exist yet has nothing to remove", () => {
    expect(removeLeftoverTemps(path.join(tempDir(), "absent"))).toEqual([]);
    expect(existsSync(path.join(tempDir(), "absent"))).toBe(false);
  });
});
