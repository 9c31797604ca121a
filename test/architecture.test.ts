import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/package-info.js";

/**
 * The layering rule of SPEC §1, checked over the source tree:
 * - src/ (the core) imports only src/;
 * - datasets/, adapters/ and reports/ import src/ and their own folder only;
 * - app/ (the composition root) may import any of them; nothing imports app/ except app/, bench/ and test/.
 */
const ALLOWED: Record<string, readonly string[]> = {
  src: ["src"],
  datasets: ["src", "datasets"],
  adapters: ["src", "adapters"],
  reports: ["src", "reports"],
};

function sourceFiles(dir: string): string[] {
  return (readdirSync(path.join(packageRoot, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.split(path.sep).includes("mini"))
    .map((f) => path.join(dir, f));
}

/** Every relative module specifier in a file: static imports, re-exports and dynamic import(). */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\1/g)) found.push(m[2]!);
  return found;
}

describe("import layering (SPEC §1)", () => {
  const cases = Object.entries(ALLOWED).flatMap(([folder, allowed]) => sourceFiles(folder).map((file) => [file, allowed] as const));

  it("finds the source files it checks", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)("%s imports only what its folder may", (file, allowed) => {
    const text = readFileSync(path.join(packageRoot, file), "utf8");
    const bad = relativeImports(text).filter((spec) => {
      const target = path.normalize(path.join(path.dirname(file), spec));
      const top = target.split(path.sep)[0]!;
      return !allowed.includes(top);
    });
    expect(bad, `${file} imports outside ${allowed.join(", ")}`).toEqual([]);
  });

  it("a violation is caught (the rule is not vacuous)", () => {
    expect(relativeImports('import { x } from "../../app/cli.js";\nexport * from "./y.js";')).toEqual(["../../app/cli.js", "./y.js"]);
  });
});
