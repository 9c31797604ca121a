import { DEFAULT_ALPHA, DEFAULT_MAX_DROP, DEFAULT_MAX_DROP_POINTS } from "../src/gate/decide.js";
import type { OptionDef } from "./option-def.js";

/** `gate`'s thresholds: flags of `gate` and keys of the file's `gate` section (the command line wins). */
export const GATE_OPTIONS = [
  {
    key: "maxDrop",
    flag: "--max-drop <x>",
    type: "number",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop",
    withConfig: "applies",
    help: `largest tolerated drop of every fraction metric (accuracy, F1), absolute; overrides each benchmark's declared tolerance (default: the benchmark's own, else ${DEFAULT_MAX_DROP})`,
  },
  {
    key: "maxDropPoints",
    flag: "--max-drop-points <x>",
    type: "number",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop_points",
    withConfig: "applies",
    help: `largest tolerated drop of every metric in points (MME), absolute; overrides the benchmark's declared tolerance (default: the benchmark's own, else ${DEFAULT_MAX_DROP_POINTS})`,
  },
  {
    key: "alpha",
    flag: "--alpha <a>",
    type: "number",
    exclusiveMinimum: 0,
    exclusiveMaximum: 1,
    scope: "run",
    config: "gate.alpha",
    withConfig: "applies",
    help: `family-wise significance level over all gated metrics, one-sided tests with Holm's adjustment (default ${DEFAULT_ALPHA})`,
  },
  {
    key: "maxDropPerMetric",
    type: "number-map",
    minimum: 0,
    scope: "run",
    config: "gate.max_drop_per_metric",
    withConfig: "applies",
    pattern: { regex: "^[a-z0-9_]+(\\.[A-Za-z0-9_]+)+$", means: "a result key such as pope.f1" },
    help: 'per-metric overrides keyed by result key, e.g. {"pope.f1": 0.02}',
  },
] as const satisfies readonly OptionDef[];
