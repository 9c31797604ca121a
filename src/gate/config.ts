import type { GateConfig } from "../config/types.js";
import { loadConfig } from "../config/load.js";
import { DEFAULT_ALPHA, DEFAULT_MAX_DROP, DEFAULT_MAX_DROP_POINTS, type GatePolicy } from "./decide.js";

/**
 * The `gate` section of a vlm-bench.config.json, read through the one config loader, so a
 * typo in it is an error naming its JSON path rather than a silent default.
 */
export function readGateConfig(file: string): GateConfig {
  return loadConfig(file).gate ?? {};
}

/** Command-line options win over the config file, which wins over the defaults. */
export function resolvePolicy(cli: { maxDrop?: number; maxDropPoints?: number; alpha?: number }, config: GateConfig = {}): GatePolicy {
  return {
    maxDrop: cli.maxDrop ?? config.max_drop ?? DEFAULT_MAX_DROP,
    maxDropPoints: cli.maxDropPoints ?? config.max_drop_points ?? DEFAULT_MAX_DROP_POINTS,
    alpha: cli.alpha ?? config.alpha ?? DEFAULT_ALPHA,
    maxDropPerMetric: config.max_drop_per_metric ?? {},
  };
}
