import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { benchmarks } from "../datasets/index.js";
import { packageRoot } from "../src/package-info.js";

/** What `npm install vlm-bench` would unpack: the bundled mini sets must be in it. */
describe("the published package", () => {
  const listing = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: packageRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as { files: { path: string }[] }[];
  const files = new Set(listing[0]!.files.map((f) => f.path));

  it.each(benchmarks.map((b) => [b.name]))("ships every file of %s's mini dataset", (name) => {
    const mini = path.join(packageRoot, "datasets", name, "mini");
    const expected = (readdirSync(mini, { recursive: true }) as string[])
      .filter((f) => statSync(path.join(mini, f)).isFile())
      .map((f) => `datasets/${name}/mini/${f.split(path.sep).join("/")}`);
    expect(expected.length).toBeGreaterThan(0);
    for (const f of expected) expect(files, f).toContain(f);
  });

  it.each([["mmvet"], ["mmvp"]])("ships %s's official grader prompt (read at run time)", (name) => {
    expect(files).toContain(`datasets/${name}/grader-prompt.json`);
  });

  it("ships the example command: server", () => {
    expect(files).toContain("examples/hf_llava_server.py");
  });

  it("ships the CLI and the typed entry point that package.json names", () => {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8"));
    expect(files).toContain(pkg.bin["vlm-bench"]);
    expect(files).toContain(pkg.exports["."].import.replace(/^\.\//, ""));
    expect(files).toContain(pkg.exports["."].types.replace(/^\.\//, ""));
  });

  it("ships the config file's JSON Schema where CONFIG_SCHEMA_FILE points", () => {
    expect(files).toContain("schema/vlm-bench.config.schema.json");
  });
});

describe("npm in a clone (issue 12 item 14)", () => {
  it("prints no warning about the project's npm configuration", () => {
    const result = spawnSync("npm", ["pkg", "get", "name"], { cwd: packageRoot, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/Unknown project config/);
  });

  it("keeps onnxruntime-node's download step off: denied in allowScripts, and CI sets the variable its install script reads", () => {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.["onnxruntime-node"]).toBe(false);
    expect(readFileSync(path.join(packageRoot, ".ci", "run"), "utf8")).toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip npm ci$/m);
  });
});
