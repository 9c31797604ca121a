import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/package-info.js";
import { tempDir } from "./helpers/tmp.js";

/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a fresh project's
 * node_modules with only the package's `dependencies` (not its optional peer onnxruntime-node,
 * not its dev dependencies), then `tsc --noEmit --strict` (NodeNext, skipLibCheck false) on a file
 * that uses the documented API. Offline: the dependencies are links into this repository's
 * node_modules. Needs dist/ built (npm test builds it first).
 */
const USER_FILE = `
import {
  benchmarks, buildGrid, createAdapter, createOnnxAdapter, createOpenAIAdapter, evaluate, findBenchmark, gate,
  gridColumns, loadConfig, loadRun, markdownGrid, pope, readResults, renderGrid, AdapterError, OpenAIAdapterError,
  UsageError, adapterOptions, analyseEffects, resolvePolicy, type Benchmark, type ModelAdapter, type ResultsFile,
} from "vlm-bench";

const adapter = createOpenAIAdapter({
  name: "llava-gemma-2b",
  baseUrl: "http://127.0.0.1:8000/v1",
  settings: { maxTokens: 128, temperature: 0, seed: 0 },
});
export async function run(): Promise<number> {
  const results = await evaluate({ jobs: [{ benchmark: pope, dir: "/data/pope" }], adapter, outDir: "runs/x", concurrency: 8 });
  // Typed per benchmark (SPEC §3 keys): a number, no cast.
  const f1: number = results.benchmarks.pope!.metrics.f1;
  const split: number = results.benchmarks.pope!.metrics.splits["adversarial"]!.yes_ratio;
  const perception: number | undefined = results.benchmarks.mme?.metrics.perception;
  // @ts-expect-error pope's f1 is a number, not any
  const notText: string = results.benchmarks.pope!.metrics.f1;
  // Any other name is a plain metric tree.
  const other = results.benchmarks["custom"]?.metrics;
  const grid = buildGrid([{ results }], { columns: gridColumns(benchmarks) });
  console.log(f1, split, perception, notText, other, renderGrid(grid, "csv"), markdownGrid([results], { columns: gridColumns(benchmarks) }));
  return f1;
}

export async function others(): Promise<void> {
  const mine: ModelAdapter = await createAdapter({ kind: "baseline", name: "yes", settings: { maxTokens: 8, temperature: 0, seed: 0 } });
  const onnx = await createOnnxAdapter({ dir: "/models/x", settings: mine.settings, threads: 2 });
  const bench: Benchmark = findBenchmark("POPE");
  const file: ResultsFile = readResults("runs/x/results.json");
  const [a, b] = [await loadRun("runs/a"), await loadRun("runs/b")];
  const report = gate(a, b, { policy: resolvePolicy({ maxDrop: 0.02 }), findBenchmark: (name) => benchmarks.find((x) => x.name === name) });
  const effects = analyseEffects([a, b], { factors: ["llm"] });
  const flags = adapterOptions.filter((o) => o.flag !== undefined).map((o) => \`--\${o.flag}: \${o.help}\`);
  const config = loadConfig("vlm-bench.config.json");
  try {
    await mine.generate({ images: [], prompt: "hi", maxTokens: 8, temperature: 0, seed: 0 });
  } catch (error) {
    if (error instanceof OpenAIAdapterError) console.log(error.status, error.url, error.retryAfterMs);
    else if (error instanceof AdapterError) console.log(error.fatal);
    else if (error instanceof UsageError) console.log(error.exitCode);
  }
  console.log(onnx.files, bench.columns, file.model.name, report.exitCode, effects, flags, config.models.length);
}
`;

let project: string;
const tsc = path.join(packageRoot, "node_modules", "typescript", "bin", "tsc");

beforeAll(() => {
  project = tempDir("vlm-bench-pack-");
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", project], {
      cwd: packageRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as { filename: string }[];
  const installed = path.join(project, "node_modules", "vlm-bench");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(project, packed[0]!.filename), "-C", installed, "--strip-components=1"]);
  // What `npm install vlm-bench` brings: its dependencies (links here), plus @types/node for the user's own code.
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(manifest.dependencies), "@types/node"]) {
    const link = path.join(project, "node_modules", name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(packageRoot, "node_modules", name), link, "dir");
  }
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        types: ["node"],
      },
      files: ["use.ts", "readme.ts", "wrong.ts"],
    }),
  );
  writeFileSync(path.join(project, "use.ts"), USER_FILE);
  // The README's library example, as printed.
  const readme = readFileSync(path.join(packageRoot, "README.md"), "utf8");
  const example = readme.slice(readme.indexOf("## Library")).match(/```ts\n([\s\S]*?)```/)?.[1];
  writeFileSync(path.join(project, "readme.ts"), `${example ?? ""}\nexport {};\n`);
  writeFileSync(path.join(project, "wrong.ts"), 'import { pope } from "vlm-bench";\nconst n: number = pope.title;\nconsole.log(n);\n');
}, 120_000);

afterAll(() => {
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
});

describe("the packed package's type declarations", () => {
  it("type-check in a strict NodeNext project with skipLibCheck false, without the optional onnxruntime-node", () => {
    // One compiler run: use.ts and readme.ts (the documented API) must be clean, and wrong.ts
    // must give its one error, so the check is not vacuous (the declarations are really read).
    const result = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", cwd: project });
    expect(result.stderr).toBe("");
    const errors = result.stdout.split("\n").filter((line) => line.trim() !== "");
    expect(errors).toEqual([expect.stringMatching(/^wrong\.ts\(2,7\): error TS2322: Type 'string' is not assignable to type 'number'\./)]);
    expect(result.status).toBe(2);
  }, 180_000);

  it("include the README's library example", () => {
    expect(readFileSync(path.join(project, "readme.ts"), "utf8")).toContain("results.benchmarks.pope!.metrics.f1");
  });

  it("ship no onnxruntime-node or @huggingface/tokenizers types and no test files", () => {
    const declarations = execFileSync("find", [path.join(project, "node_modules", "vlm-bench", "dist"), "-name", "*.d.ts"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f !== "");
    expect(declarations.length).toBeGreaterThan(50);
    const named = /(from\s+|import\()["'](onnxruntime-node|@huggingface\/tokenizers)["']/;
    const offending = declarations.filter((f) => named.test(readFileSync(f, "utf8")));
    expect(offending).toEqual([]);
    expect(declarations.some((f) => f.includes(`${path.sep}dist${path.sep}test${path.sep}`))).toBe(false);
  });

  it("load at run time with the dependencies only", () => {
    const script = 'const m = await import("vlm-bench"); console.log(m.benchmarks.length, typeof m.evaluate, typeof m.allOnes);';
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", cwd: project });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("7 function undefined");
  }, 60_000);
});
