import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the folder holding package.json), found from this file's location in src/ or dist/src/. */
export const packageRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`vlm-bench: cannot find package.json above ${import.meta.url}`);
    dir = parent;
  }
  return dir;
})();

export const packageVersion: string = (JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string })
  .version;

/** The `harness` field of results.json. */
export const harnessId = `vlm-bench@${packageVersion}`;
