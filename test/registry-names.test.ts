import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { adapterFactories } from "../adapters/index.js";
import { benchmarks } from "../datasets/index.js";
import { packageRoot } from "../src/package-info.js";

/**
 * SPEC §1: the core (src/) and the report writers (reports/) know no benchmark by name: the
 * benchmark registry (datasets/index.ts) is the only list, and reports get it handed in. So no
 * string literal there may hold a benchmark's name, alias, title or grid column label.
 * Likewise src/ names no adapter option: adapters declare their own (adapters/index.ts).
 */
function sourceFiles(dir: string): string[] {
  return (readdirSync(path.join(packageRoot, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(dir, f));
}

/** The text of every string literal and template part in TypeScript source (comments are not literals). */
function stringLiterals(source: string): string[] {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text);
    node.forEachChild(visit);
  };
  visit(file);
  return found;
}

/** The words of `names` that a literal holds as a whole word, case-insensitively (`"pope.f1"` holds `pope`). */
function namesIn(literal: string, names: readonly string[]): string[] {
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return names.filter((name) => new RegExp(`(^|[^A-Za-z0-9_-])${quote(name)}($|[^A-Za-z0-9_-])`, "i").test(literal));
}

/** Case-insensitive, so one spelling of each is enough. */
const unique = (names: readonly string[]): string[] => [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];

const benchmarkNames = unique(benchmarks.flatMap((b) => [b.name, b.title, ...(b.aliases ?? []), ...(b.columns ?? []).map((c) => c.label)]));
/**
 * Each option's key, flag and config path segments; a one-key config path named after its own
 * adapter kind (`command`, the argv list) is left out: "command" is also plain English in messages.
 */
const adapterOptionNames = unique(
  adapterFactories.flatMap((f) =>
    (f.options ?? []).flatMap((o) => [
      o.key,
      ...(o.flag !== undefined ? [o.flag] : []),
      ...(o.config.length === 1 && o.config[0] === f.kind ? [] : o.config),
    ]),
  ),
);

function offending(folder: string, names: readonly string[]): string[] {
  return sourceFiles(folder).flatMap((file) =>
    stringLiterals(readFileSync(path.join(packageRoot, file), "utf8")).flatMap((literal) =>
      namesIn(literal, names).map((name) => `${file}: ${JSON.stringify(literal)} names ${name}`),
    ),
  );
}

describe("one list per plugin kind (SPEC §1)", () => {
  it("knows the names it looks for: the seven benchmarks with their aliases, and the adapters' options", () => {
    const lower = benchmarkNames.map((n) => n.toLowerCase());
    expect(lower).toEqual(expect.arrayContaining(["gqa", "mme", "mmvet", "mm-vet", "pope", "vqav2", "mmvp", "scienceqa", "scienceqa-img"]));
    expect(adapterOptionNames).toEqual(
      expect.arrayContaining(["executionProvider", "threads", "dtype", "argv", "onnx-ep", "onnx", "execution_provider"]),
    );
  });

  it.each(["src", "reports"])("no string literal in %s/ names a benchmark", (folder) => {
    expect(offending(folder, benchmarkNames)).toEqual([]);
  });

  it("no string literal in src/ names an adapter option", () => {
    expect(offending("src", adapterOptionNames)).toEqual([]);
  });

  it("the check is not vacuous: it finds names in literals and template parts, not in comments", () => {
    const template = ["const b = `x $", "{y} MM-Vet`;"].join(""); // a template literal with a substitution, in the checked source
    const source = `// pope in a comment\nconst a = "pope.f1";\n${template}\nconst c = "popes and hope";`;
    const hits = stringLiterals(source).flatMap((l) => namesIn(l, benchmarkNames));
    expect(hits.map((h) => h.toLowerCase())).toEqual(["pope", "mm-vet"]);
  });
});
