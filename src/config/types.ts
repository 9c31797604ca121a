/** vlm-bench.config.json as typed data; mirrors schema/vlm-bench.config.schema.json (keys as in the file). */

/** The keys of a config file's model entry that every adapter shares. */
export interface ModelConfigKeys {
  /** Row label and output folder name. */
  name: string;
  /** `ADAPTER:NAME`, as for `--model`. */
  model: string;
  base_url?: string | string[];
  api_key_env?: string;
  max_tokens?: number;
  temperature?: number;
  seed?: number;
  /** Seconds. */
  timeout?: number;
  retries?: number;
  /** USD per million tokens, for the report's cost. */
  prices?: { input: number; output: number };
}

export interface ModelConfig extends ModelConfigKeys {
  /** Values as strings (numbers and booleans in the file are converted). */
  factors?: Record<string, string>;
  /** Absolute output folder of this model. */
  out: string;
  /**
   * Keys only one adapter reads (`command`, `onnx`, …): each adapter declares its own
   * (AdapterFactory.options, with their config paths); the schema lists them.
   */
  [adapterKey: string]: unknown;
}

export interface JudgeConfig {
  model: string;
  base_url?: string | string[];
  api_key_env?: string;
  runs?: number;
  /** USD per million tokens, for the report's cost. */
  prices?: { input: number; output: number };
}

export interface GateConfig {
  max_drop?: number;
  /** Largest allowed drop of a metric in points (MME perception/cognition). */
  max_drop_points?: number;
  alpha?: number;
  /** Per-metric allowed drops keyed by result key (`pope.f1`). */
  max_drop_per_metric?: Record<string, number>;
}

export interface VlmBenchConfig {
  /** The config file (absolute), for messages. */
  file: string;
  models: ModelConfig[];
  benchmarks?: string[];
  /** Absolute; undefined means the bundled mini sets. */
  data?: string;
  /** Absolute root output folder. */
  out: string;
  concurrency?: number | "auto";
  max_concurrency?: number;
  limit?: number;
  /** `--pope-set`: score POPE on a named subset (llava). */
  pope_set?: string;
  max_failed?: number;
  judge?: JudgeConfig;
  gate?: GateConfig;
}
