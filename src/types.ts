/**
 * The core contracts (SPEC §1). Benchmarks, adapters and report writers depend on these
 * types only; src/ itself never names a benchmark or an adapter.
 */

/** One question of one benchmark, ready to send to a model. */
export interface Sample<Target = unknown> {
  /** Unique within its benchmark and stable across runs (e.g. POPE `adversarial/12`). */
  id: string;
  benchmark: string;
  /** Absolute image file paths. */
  images: string[];
  /** The question text as the dataset has it. */
  question: string;
  /** The text sent to the model (question plus the protocol's suffix). */
  prompt: string;
  choices?: string[];
  /** Ground truth in the benchmark's own form. */
  target: Target;
  /** Category, split, capability, pair, answer type, … */
  meta: Record<string, unknown>;
}

/** Generation settings that change a model's answers, so they are part of its fingerprint. */
export interface GenerationSettings {
  maxTokens: number;
  temperature: number;
  seed: number;
}

export interface GenerateRequest extends GenerationSettings {
  images: string[];
  prompt: string;
  signal?: AbortSignal;
  /** Which sample this is for: adapters use it only in error messages and for replay. */
  sample?: { benchmark: string; id: string; meta?: Record<string, unknown> };
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

export interface GenerateResult {
  text: string;
  usage?: Usage;
  latencyMs: number;
}

export interface ModelAdapter {
  /** Stable fingerprint (adapter kind, model name, generation settings), used in cache keys. */
  readonly id: string;
  /** Adapter kind, e.g. `openai`. */
  readonly kind: string;
  /** Model name as the user gave it, e.g. `llava-gemma-2b`. */
  readonly name: string;
  readonly settings: GenerationSettings;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close?(): Promise<void>;
}

/** What a user passes to create an adapter: `KIND:NAME` plus connection options. */
export interface AdapterSpec {
  kind: string;
  name: string;
  settings: GenerationSettings;
  baseUrl?: string;
  apiKeyEnv?: string;
  timeoutMs?: number;
  retries?: number;
  /** `command:` adapter: the argv when given as a JSON array (config file) rather than one string. */
  argv?: string[];
  /** `onnx:` adapter: execution provider (default cpu), intra-op thread count, file variant (fp32, q8, q4, …). */
  onnx?: { executionProvider?: string; threads?: number; dtype?: string };
}

export interface AdapterFactory {
  kind: string;
  /** One line for `--help` and "unknown adapter" messages. */
  description: string;
  create(spec: AdapterSpec): ModelAdapter | Promise<ModelAdapter>;
}

/** A file or folder a benchmark needs, found by name anywhere under its data folder. */
export interface RequiredFile {
  name: string;
  kind: "file" | "dir";
  description: string;
  /** Needed only to run a model, not to re-score saved answers. */
  imagesOnly?: boolean;
}

export interface LoadOptions {
  /** Skip image checks (re-scoring saved answers needs only the annotation files). */
  annotationsOnly?: boolean;
}

/** A metric tree: numbers at the leaves, nested by split, task, capability… */
export interface Metrics {
  [key: string]: number | Metrics;
}

/** One scored sample. Exactly one of `correct` (0/1 items) or `score` (graded 0..1). */
export interface ItemResult {
  id: string;
  /** The parsed answer; `null` when the output could not be parsed. */
  parsed: string | null;
  correct?: 0 | 1;
  score?: number;
  meta?: Record<string, unknown>;
}

export interface ScoreResult {
  metrics: Metrics;
  items: ItemResult[];
}

export interface ScoreContext {
  /** Raw model outputs by sample id, for scorers that need more than the parsed answer. */
  outputs: ReadonlyMap<string, string>;
}

export interface Benchmark<Target = unknown> {
  /** Lower-case registry name, also its folder under `--data`. */
  readonly name: string;
  /** Other folder names accepted under `--data` (LLaVA's `MME`, `mm-vet`). */
  readonly aliases?: readonly string[];
  /** Display name, e.g. `POPE`. */
  readonly title: string;
  readonly files: readonly RequiredFile[];
  load(dir: string, options?: LoadOptions): Promise<Sample<Target>[]>;
  /** Raw model text → answer, `null` when unparseable (counted as wrong and in `unparsed`). */
  parse(text: string, sample: Sample<Target>): string | null;
  score(
    samples: readonly Sample<Target>[],
    parsed: readonly (string | null)[],
    context: ScoreContext,
  ): ScoreResult | Promise<ScoreResult>;
}

export interface SpeedStats {
  samples_per_s?: number;
  latency_ms_p50?: number;
  latency_ms_p95?: number;
}

export interface BenchmarkResult {
  n: number;
  failed: number;
  unparsed: number;
  metrics: Metrics;
  speed?: SpeedStats;
}

/** results.json, version 1 (SPEC §3). */
export interface ResultsFile {
  version: 1;
  harness: string;
  created: string;
  model: {
    adapter: string;
    name: string;
    fingerprint: string;
    settings: GenerationSettings;
    factors: Record<string, string>;
  };
  benchmarks: Record<string, BenchmarkResult>;
}
