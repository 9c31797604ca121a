import { DataError } from "../errors.js";
import { readJsonFile } from "../json-files.js";
import { DEFAULT_ALPHA, DEFAULT_MAX_DROP, type GatePolicy } from "./decide.js";

/** The `gate` section of vlm-bench.config.json. */
export interface GateConfig {
  max_drop?: number;
  alpha?: number;
  /** Per-metric tolerances, keyed `benchmark.metric` (e.g. `"pope.f1": 0.02`). */
  max_drop_per_metric?: Record<string, number>;
}

/**
 * Reads only the `gate` section of a config file (other sections are not looked at), checking
 * each field so a typo is an error naming the file and the key rather than a silent default.
 */
export async function readGateConfig(file: string): Promise<GateConfig> {
  const doc = await readJsonFile<Record<string, unknown>>(file);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new DataError(`${file}: the config must be a JSON object.`, { file });
  const gate = doc.gate;
  if (gate === undefined) return {};
  const bad = (key: string, what: string) => new DataError(`${file}: "gate.${key}" ${what}.`, { file });
  if (typeof gate !== "object" || gate === null || Array.isArray(gate)) throw new DataError(`${file}: "gate" must be an object.`, { file });
  const section = gate as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!["max_drop", "alpha", "max_drop_per_metric"].includes(key)) throw bad(key, "is not a gate setting (known: max_drop, alpha, max_drop_per_metric)");
  }
  const config: GateConfig = {};
  if (section.max_drop !== undefined) config.max_drop = nonNegative(section.max_drop, () => bad("max_drop", "must be a number ≥ 0"));
  if (section.alpha !== undefined) {
    const a = section.alpha;
    if (typeof a !== "number" || !(a > 0 && a < 1)) throw bad("alpha", "must be a number between 0 and 1");
    config.alpha = a;
  }
  if (section.max_drop_per_metric !== undefined) {
    const m = section.max_drop_per_metric;
    if (typeof m !== "object" || m === null || Array.isArray(m)) throw bad("max_drop_per_metric", 'must be an object like {"pope.f1": 0.02}');
    config.max_drop_per_metric = {};
    for (const [metric, value] of Object.entries(m)) {
      config.max_drop_per_metric[metric] = nonNegative(value, () => bad(`max_drop_per_metric.${metric}`, "must be a number ≥ 0"));
    }
  }
  return config;
}

function nonNegative(value: unknown, error: () => Error): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw error();
  return value;
}

/** Command-line options win over the config file, which wins over the defaults. */
export function resolvePolicy(cli: { maxDrop?: number; alpha?: number }, config: GateConfig = {}): GatePolicy {
  return {
    maxDrop: cli.maxDrop ?? config.max_drop ?? DEFAULT_MAX_DROP,
    alpha: cli.alpha ?? config.alpha ?? DEFAULT_ALPHA,
    maxDropPerMetric: config.max_drop_per_metric ?? {},
  };
}
