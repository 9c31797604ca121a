import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { paperResults, writeRun } from "../helpers/results-files.js";
import { tempDir } from "../helpers/tmp.js";

const golden = (name: string) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "golden", name), "utf8");

describe("the seed paper's Table 1 (eight LLaVA-Gemma variants) as a golden test", () => {
  let files: string[];
  beforeAll(() => {
    const root = tempDir();
    files = paperResults().map((r, i) => writeRun(path.join(root, `run${i}`), r));
  });

  it.each([
    ["md", "paper-grid.md"],
    ["tex", "paper-grid.tex"],
  ])("vlm-bench table --format %s prints exactly %s", async (format, file) => {
    const result = await runCli(["table", ...files, "--format", format]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(golden(file));
  });

  it("writes the same grid with --out, the format taken from the file's extension", async () => {
    const out = path.join(tempDir(), "grid.tex");
    const result = await runCli(["table", ...files, "--out", out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(golden("paper-grid.tex"));
  });
});
