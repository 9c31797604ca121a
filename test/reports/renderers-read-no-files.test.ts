import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/package-info.js";

/**
 * SPEC §1: reports/ holds renderers only; they read and write no run folder. The commands in app/
 * read run folders through src/run-folder (which checks each file against its schema) and hand
 * the data over. Image thumbnails (sharp, from the benchmark data) are the one input they decode.
 */
const FILE_MODULES = /\bfrom\s+["'](?:node:)?(?:fs|fs\/promises|readline)["']|\bimport\s*\(\s*["'](?:node:)?fs/;

describe("reports/ reads and writes no files", () => {
  const files = (readdirSync(path.join(packageRoot, "reports"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));

  it("finds the renderers", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)("reports/%s imports no file-system module", (file) => {
    expect(readFileSync(path.join(packageRoot, "reports", file), "utf8")).not.toMatch(FILE_MODULES);
  });

  it("the check would catch one", () => {
    expect('import { readFileSync } from "node:fs";').toMatch(FILE_MODULES);
    expect('import { readFile } from "fs/promises";').toMatch(FILE_MODULES);
  });
});
