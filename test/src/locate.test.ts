import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locate } from "../../src/locate.js";
import { tempDir } from "../helpers/tmp.js";

const wanted = [
  { name: "questions.json", kind: "file" as const, description: "q" },
  { name: "val2014", kind: "dir" as const, description: "images" },
];

describe("locate", () => {
  it("finds files up to four levels deep, shallowest first, and folders through symbolic links", () => {
    const root = tempDir();
    mkdirSync(path.join(root, "a/b/c/d"), { recursive: true });
    writeFileSync(path.join(root, "a/b/c/d/questions.json"), "{}");
    writeFileSync(path.join(root, "a/questions.json"), "{}");
    const elsewhere = tempDir();
    mkdirSync(path.join(elsewhere, "val2014"));
    symlinkSync(elsewhere, path.join(root, "a/b/linked"));
    return locate(root, wanted).then(({ found, missing }) => {
      expect(missing).toEqual([]);
      expect(found.get("questions.json")).toBe(path.join(root, "a/questions.json"));
      expect(found.get("val2014")).toBe(path.join(root, "a/b/linked/val2014"));
    });
  });

  it("does not look deeper than four levels, and a file is not a folder", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "1/2/3/4/5"), { recursive: true });
    writeFileSync(path.join(root, "1/2/3/4/5/questions.json"), "{}");
    writeFileSync(path.join(root, "val2014"), "not a folder");
    const { missing } = await locate(root, wanted);
    expect(missing.map((m) => m.name)).toEqual(["questions.json", "val2014"]);
  });

  it("survives a symbolic-link cycle", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "x"));
    symlinkSync(root, path.join(root, "x/loop"));
    const { missing } = await locate(root, wanted);
    expect(missing).toHaveLength(2);
  });
});
