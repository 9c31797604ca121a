import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/package-info.js";

/**
 * Reads a benchmark's official grader prompt, kept verbatim as data in
 * datasets/<benchmark>/grader-prompt.json (with the URL it was taken from), once per process.
 */
const cache = new Map<string, unknown>();
export function graderFile<T>(benchmark: string): T {
  let value = cache.get(benchmark);
  if (value === undefined) {
    const file = path.join(packageRoot, "datasets", benchmark, "grader-prompt.json");
    value = JSON.parse(readFileSync(file, "utf8"));
    cache.set(benchmark, value);
  }
  return value as T;
}
