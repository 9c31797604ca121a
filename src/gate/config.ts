import { loadConfig } from "../config/load.js";
import type { GateConfig } from "../config/types.js";
import { DEFAULT_ALPHA, type GatePolicy } from "./decide.js";

/**
 * The `gate` section of a vlm-bench.config.json, read through the one config loader, so a
 * typo in it is an error naming its JSON path rather than a silent default.
 */
export function readGateConfig(file: string): GateConfig {
  return loadConfig(file).gate ?? {};
}

/**
 * Command-line options win over the config file; tolerances neither sets stay undefined, so each
 * metric gets its benchmark's declared default (see maxDropFor).
 */
export function resolvePolicy(cli: { maxDrop?: number; maxDropPoints?: number; alpha?: number }, config: GateConfig = {}): GatePolicy {
  const policy: GatePolicy = { alpha: cli.alpha ?? config.alpha ?? DEFAULT_ALPHA, maxDropPerMetric: config.max_drop_per_metric ?? {} };
  const maxDrop = cli.maxDrop ?? config.max_drop;
  const maxDropPoints = cli.maxDropPoints ?? config.max_drop_points;
  if (maxDrop !== undefined) policy.maxDrop = maxDrop;
  if (maxDropPoints !== undefined) policy.maxDropPoints = maxDropPoints;
  return policy;
}
