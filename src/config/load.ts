import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { UsageError } from "../errors.js";
import { packageRoot } from "../package-info.js";
import type { ModelConfigKeys, VlmBenchConfig } from "./types.js";

export const CONFIG_FILE = "vlm-bench.config.json";
/** Shipped in the package: point an editor's "$schema" at node_modules/vlm-bench/schema/…. */
export const CONFIG_SCHEMA_FILE = path.join(packageRoot, "schema", "vlm-bench.config.schema.json");
export const DEFAULT_OUT_ROOT = "vlm-bench-results";

let validator: ValidateFunction | undefined;
const validate = (): ValidateFunction =>
  (validator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, "utf8")),
  ));

/**
 * Reads and validates a config file. Every problem is reported at once, each with its JSON
 * path and what was expected; paths in the file are resolved against the file's folder.
 */
export function loadConfig(file: string): VlmBenchConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error}).`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  return parseConfig(value, absolute);
}

/** Validates an already parsed config; `file` names it in errors and anchors relative paths. */
export function parseConfig(value: unknown, file: string): VlmBenchConfig {
  const check = validate();
  if (!check(value)) throw configError(file, (check.errors ?? []).map(describeError));
  const raw = value as Omit<VlmBenchConfig, "file" | "out" | "models"> & {
    out?: string;
    models: (ModelConfigKeys & { out?: string; factors?: Record<string, string | number | boolean>; [adapterKey: string]: unknown })[];
  };
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  raw.models.forEach((m, i) => {
    const first = seen.get(m.name);
    if (first !== undefined)
      duplicates.push(
        `/models/${i}/name: "${m.name}" is already the name of /models/${first}; model names must be unique (they name the output folders)`,
      );
    else seen.set(m.name, i);
  });
  if (duplicates.length > 0) throw configError(file, duplicates);

  const base = path.dirname(file);
  const out = path.resolve(base, raw.out ?? DEFAULT_OUT_ROOT);
  const { $schema: _schema, ...rest } = raw as typeof raw & { $schema?: string };
  return {
    ...rest,
    file,
    ...(raw.data !== undefined ? { data: path.resolve(base, raw.data) } : {}),
    out,
    models: raw.models.map(({ factors, ...m }) => ({
      ...m,
      ...(factors !== undefined ? { factors: Object.fromEntries(Object.entries(factors).map(([k, v]) => [k, String(v)])) } : {}),
      out: path.resolve(base, m.out ?? path.join(out, m.name)),
    })),
  };
}

function configError(file: string, problems: readonly string[]): UsageError {
  return new UsageError(
    `${file} is not a valid vlm-bench config:\n${problems.map((p) => `  ${p}`).join("\n")}\n(schema: ${CONFIG_SCHEMA_FILE})`,
  );
}

/** One ajv error as "JSON path: what was expected". */
function describeError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "/" : error.instancePath;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `${where}: unknown key "${String(p.additionalProperty)}"`;
    case "required":
      return `${where}: missing required key "${String(p.missingProperty)}"`;
    case "type":
      return `${where}: must be ${String(p.type).replace(/,/g, " or ")}`;
    case "propertyNames":
      return `${where}: key "${String(p.propertyName)}" is not allowed`;
    case "pattern":
      return `${where}: must match ${String(p.pattern)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}
