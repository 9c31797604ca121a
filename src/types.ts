import type { ImageStore } from "./hub/image-store.js";

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
  /** A system message before the user turn (judges' grader instructions); adapters without one may prepend it. */
  system?: string;
  signal?: AbortSignal;
  /** Which sample this is for: adapters use it only in error messages and for replay. */
  sample?: { benchmark: string; id: string; meta?: Record<string, unknown> };
  /**
   * Ask for token log-probabilities with this many alternatives per position (`vlm-bench explain`).
   * Adapters that cannot report them ignore it, and their result has no `logprobs`.
   */
  logprobs?: { top: number };
  /** Ask for the adapter's own relevancy map over the image (white-box methods); optional to honour. */
  explain?: boolean;
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * results.json's record of the tokens a set of model calls used: summed over the calls whose
 * adapter reported usage (`reported`), so `reported: 0` means "not reported", not "no tokens".
 */
export interface TokenUsage {
  /** Calls counted (for a benchmark: the answers its result is built from, resumed ones included). */
  calls: number;
  /** Of those, the calls that reported usage; the token sums cover these only. */
  reported: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** What a model's tokens cost, in USD per million tokens (a config file's `prices`), recorded in results.json. */
export interface TokenPrices {
  /** Per million prompt (input) tokens. */
  input: number;
  /** Per million completion (output) tokens. */
  output: number;
}

export interface GenerateResult {
  text: string;
  usage?: Usage;
  latencyMs: number;
  /** One entry per generated token, when the request asked for `logprobs` and the model reports them. */
  logprobs?: TokenLogprob[];
  /** The adapter's own relevancy grid over the image (rows top first, higher = more relevant), when asked with `explain`. */
  relevancy?: number[][];
}

/** A generated token with its natural-log probability and the most likely alternatives at its position. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** The top alternatives at this position, most likely first (may include the token itself). */
  top: { token: string; logprob: number }[];
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
  /** Adapters that set their own in-flight limits (endpoint pools, replicas); the runner then keeps `maxInFlight` requests waiting on them. */
  readonly capacity?: AdapterCapacity;
}

export interface AdapterCapacity {
  /** Endpoints or replicas behind the adapter (recorded in results.json). */
  readonly endpoints: number;
  /** The most requests the adapter may take at once (every member at its largest limit). */
  readonly maxInFlight: number;
  /** The current limit(s), for the progress line. */
  status(): string;
}

export interface ConnectionFlags {
  baseUrl: string;
  apiKeyEnv: string;
}

/** What a user passes to create an adapter: `KIND:NAME` plus connection options. */
export interface AdapterSpec {
  kind: string;
  name: string;
  settings: GenerationSettings;
  /** One server, or several forming a pool. */
  baseUrl?: string | readonly string[];
  /** In-flight limit per endpoint or replica: adaptive (`auto`, the default) or fixed. */
  concurrency?: number | "auto";
  /** Bound on an adaptive limit (default 256). */
  maxConcurrency?: number;
  apiKeyEnv?: string;
  timeoutMs?: number;
  retries?: number;
  /**
   * The flags that set `baseUrl` and `apiKeyEnv`, for error messages to name: `--base-url` and
   * `--api-key-env` by default; a judge's adapter names `--judge-base-url` and `--judge-api-key-env`.
   */
  flags?: ConnectionFlags;
  /**
   * Options only one adapter kind reads, by AdapterOption.key, as its factory declares them
   * (AdapterFactory.options) and checks them; the core passes them through without knowing
   * them, and an adapter ignores the ones that are not its own.
   */
  options?: Readonly<Record<string, unknown>>;
}

/**
 * An option only one adapter kind reads, declared by its factory: the command line, the config
 * file and the library API all take it from this one definition (the core never names it).
 */
export interface AdapterOption {
  /** Its key in AdapterSpec.options, e.g. `threads`. */
  key: string;
  /** The `run` flag without dashes, e.g. `onnx-threads`; none when only a config file can give it. */
  flag?: string;
  /** The flag's value as `--help` shows it, e.g. `n`. */
  placeholder?: string;
  /** Its path in a config file's model entry, e.g. ["onnx", "threads"]. */
  config: readonly string[];
  /** The JSON type of its value. */
  type: "string" | "integer" | "string[]";
  /** Smallest value, for integers. */
  minimum?: number;
  /** One line for `--help` and the config schema. */
  help: string;
  /** The value of the flag's text (`"4"` → 4); throws a UsageError naming `where` (the flag). */
  parse(text: string, where: string): unknown;
  /** A value from a config file or the API, checked as is (no text conversion); throws a UsageError naming `where`. */
  check(value: unknown, where: string): unknown;
}

export interface AdapterFactory {
  kind: string;
  /** One line for `--help` and "unknown adapter" messages. */
  description: string;
  /** The options only this kind reads (AdapterSpec.options), with their flags, config keys and help. */
  options?: readonly AdapterOption[];
  create(spec: AdapterSpec): ModelAdapter | Promise<ModelAdapter>;
}

/** A file or folder a benchmark needs, found by name anywhere under its data folder. */
export interface RequiredFile {
  name: string;
  kind: "file" | "dir";
  description: string;
  /** Needed only to run a model, not to re-score saved answers. */
  imagesOnly?: boolean;
  /**
   * Alternatives: when files carry a group, the benchmark needs every file of one group (e.g.
   * VQAv2's "val" or "test-dev"); files without a group are always needed.
   */
  group?: string;
  /** Used when present, never missing (e.g. VQAv2's test2015 questions, for a complete EvalAI file). */
  optional?: boolean;
}

export interface LoadOptions {
  /** Skip image checks (re-scoring saved answers needs only the annotation files). */
  annotationsOnly?: boolean;
  /** Told where the samples came from (layout, files, checksums, sample set), for results.json. */
  onProvenance?: (provenance: DataProvenance) => void;
  /** A named subset of the benchmark's samples to load instead of all (POPE: `llava`); unknown names are a UsageError. */
  subset?: string;
  /** Where images that arrive as bytes (parquet snapshots) are written; default: src/hub/image-store.ts. */
  imageStore?: ImageStore;
}

/** Where a benchmark's samples came from (results.json `benchmarks.<name>.provenance`). */
export interface DataProvenance {
  /** `official` release files, a Hugging Face parquet snapshot (`hub`), or a VLMEvalKit TSV (`tsv`). */
  layout: "official" | "hub" | "tsv";
  /** Hugging Face repository id (`org/name`), when the snapshot's location names it. */
  repository?: string;
  /** The snapshot's commit. */
  revision?: string;
  config?: string;
  split?: string;
  /** `row`: the layout carries no official ids, so samples are numbered by row (ScienceQA from the hub, most TSVs). */
  ids?: "official" | "row";
  /** The named subset scored (`--pope-set llava`), when not all samples were. */
  subset?: string;
  /** Each data file read (images excepted), relative to the benchmark folder, with its sha256. */
  files: { path: string; sha256: string }[];
  /** How many samples and a sha256 of their sorted ids: runs with different digests scored different sets. */
  sample_set: { n: number; sha256: string };
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
  /**
   * Samples that could not be scored (their judge call failed): left out of `items` and the
   * metrics, and counted as failed like a failed model call — never as a silent 0.
   */
  failures?: { id: string; message: string }[];
  /** Why there is no local score, when there is none (e.g. VQAv2 test-dev is scored by EvalAI). */
  note?: string;
  /** Files to write next to results.json (e.g. the EvalAI submission), by file name. */
  files?: { name: string; text: string }[];
}

/** One question to a judge model. Everything here is part of the cache key. */
export interface JudgeRequest {
  prompt: string;
  system?: string;
  images?: string[];
  maxTokens: number;
  temperature: number;
  /** Which judge run (0-based) this is for: each of `--judge-runs N` runs is asked and cached apart. */
  run?: number;
  /** For error messages only. */
  sample?: { benchmark: string; id: string };
}

/**
 * A model used by a scorer to grade answers (MM-Vet; MMVP's fallback), with its own cache: an
 * identical request (same judge, run, prompt, images, max tokens, temperature) is asked once.
 */
export interface Judge {
  /** `kind:name` as the user gave it, e.g. `openai:gpt-4-0613`. */
  readonly model: string;
  /** The judge adapter's fingerprint (part of every cache key). */
  readonly fingerprint: string;
  /** How many independent runs a scorer that averages over runs should make (MM-Vet). */
  readonly runs: number;
  /** The reply text; throws (naming the judge) when the judge cannot be asked. */
  ask(request: JudgeRequest): Promise<string>;
  /** Requests sent to the judge model, and requests answered from the cache, so far. */
  stats(): { calls: number; cached: number };
  /**
   * Tokens so far: of the requests sent (`fresh`), and of the distinct cached replies used
   * (`cached`: tokens paid when they were first asked, as judge.jsonl recorded them). Each reply
   * is counted once, however often it is reused.
   */
  usage?(): { fresh: TokenUsage; cached: TokenUsage };
  /** What its tokens cost (a config file's `judge.prices`), recorded with its use in results.json. */
  readonly prices?: TokenPrices;
  close?(): Promise<void>;
}

export interface ScoreContext {
  /** Raw model outputs by sample id, for scorers that need more than the parsed answer. */
  outputs: ReadonlyMap<string, string>;
  /** The judge, when the user configured one (`--judge`). */
  judge?: Judge;
  /** Every sample loaded for the benchmark, answered or not (a submission file lists them all). */
  loaded?: readonly Sample[];
}

/** One scored item as items.jsonl holds it: an ItemResult with its ground truth. */
export interface ScoredItem extends ItemResult {
  target?: unknown;
}

/** Where a metric's numbers live: fractions in [0, 1], or points (MME). */
export type MetricUnit = "fraction" | "points";

/**
 * A results.json metric (SPEC §3) recomputed from per-item results: the one definition that
 * `vlm-bench table --ci` (bootstrap intervals) and `vlm-bench gate` (paired tests) share.
 * Recomputed over all of a run's items it equals the value in results.json exactly.
 */
export interface ItemMetric {
  /** The metric's path below the benchmark in results.json, dot-joined (`perception`, `tasks.OCR.acc`); its SPEC key is `<benchmark>.<key>`. */
  key: string;
  unit: MetricUnit;
  /**
   * How the gate tests a drop: `mcnemar` when the metric is the plain share of the benchmark's
   * items with correct = 1 (each item its own unit, one stratum), by exact McNemar; `bootstrap` for
   * graded (mean score) or composite metrics (F1, MME points, pair accuracy): a paired randomization
   * (sign-flip) test over the metric's units in the gate, bootstrap intervals in `table --ci`.
   */
  test: "mcnemar" | "bootstrap";
  /** Compared by `vlm-bench gate` (headline metrics); details such as MME's per-task scores only get intervals. */
  gated: boolean;
  /** How the items (in this order) are resampled, and the metric of any resample. */
  prepare(items: readonly ScoredItem[]): ItemMetricDesign;
}

/** A metric compiled for a set of items: resampling units in strata, and the metric of weighted units. */
export interface ItemMetricDesign {
  /** Units per stratum; units are numbered stratum by stratum (see src/stats/resample.ts). Resamples keep stratum sizes. */
  strata: readonly number[];
  /** Item index → its unit, or −1 when the metric does not use the item (another MME task, an incomplete MMVP pair). */
  unitOf: Int32Array;
  /** The metric when unit u is drawn weights[u] times; all ones gives the metric of the items as they are. */
  value(weights: Uint32Array): number;
  /**
   * The same metric as a function of per-stratum sums of small per-unit vectors (`dims` numbers per
   * unit, e.g. POPE's one-hot confusion cell, an MME image's questions / right / both-right / 1):
   * value(w) = fromSums(Σ_u w_u·vectors[u·dims…], summed stratum by stratum into strata × dims).
   * The gate reduces two runs to these sums and their discordant units (src/gate/reduce.ts).
   */
  sums: { dims: number; vectors: Float64Array; fromSums(sums: Float64Array): number };
}

/** How the paper's grid prints a metric (SPEC §6): `0.xxx`, a percentage with one decimal, or whole points. */
export type MetricDisplay = "fraction" | "percent" | "points";

/** One column of the Table 1 grid that a benchmark contributes (SPEC §6). */
export interface GridColumn {
  /** Column header, e.g. `POPE F1`. */
  label: string;
  /** Path into the benchmark's metrics, e.g. ["f1"]; the result key is `<benchmark>.<path joined by dots>`. */
  path: readonly string[];
  /** Where the number lives in results.json: a fraction in [0, 1], or points (MME). */
  unit: MetricUnit;
  display: MetricDisplay;
  /** Position in the paper's grid, across all benchmarks (columns are sorted by it; ties keep registry order). */
  order: number;
}

export interface Benchmark<Target = unknown> {
  /** Lower-case registry name, also its folder under `--data`. */
  readonly name: string;
  /** Other folder names accepted under `--data` (LLaVA's `MME`, `mm-vet`). */
  readonly aliases?: readonly string[];
  /** Display name, e.g. `POPE`. */
  readonly title: string;
  readonly files: readonly RequiredFile[];
  /** How the benchmark uses a judge: scored only with one (MM-Vet), or for answers it cannot parse (MMVP). */
  readonly judge?: "required" | "fallback";
  /** The answer budget the reference protocol gives this benchmark, when above the usual one (a note, not enforced). */
  readonly referenceMaxTokens?: number;
  load(dir: string, options?: LoadOptions): Promise<Sample<Target>[]>;
  /** Raw model text → answer, `null` when unparseable (counted as wrong and in `unparsed`). */
  parse(text: string, sample: Sample<Target>): string | null;
  score(samples: readonly Sample<Target>[], parsed: readonly (string | null)[], context: ScoreContext): ScoreResult | Promise<ScoreResult>;
  /**
   * The results.json metrics recomputed from items, for `table --ci` and `gate` (see ItemMetric).
   * Without them both fall back to the plain item mean (`item_accuracy` / `item_score`).
   */
  readonly itemMetrics?: readonly ItemMetric[];
  /**
   * The gate's default tolerance per gated metric (item-metric key → largest tolerated drop, in
   * the metric's unit), declared by the benchmark; `--max-drop`, `--max-drop-points` and the
   * config's `max_drop*` override it (src/gate/decide.ts).
   */
  readonly gateTolerances?: Readonly<Record<string, number>>;
  /** The benchmark's headline metrics as columns of the Table 1 grid (none: not in the grid). */
  readonly columns?: readonly GridColumn[];
  /**
   * The ground truth in words for the HTML report (`yes`, `(b) Closed`, VQA answers with counts),
   * from items.jsonl's `target` and, when the data is at hand, the sample (its choices).
   */
  describeTarget?(target: Target, sample?: Sample<Target>): string;
  /**
   * Writes the small bundled dataset (mini/) into `dir`, in the official layout, deterministically
   * (`npm run make-mini`). Loaded lazily: generating images is not needed to run the benchmark.
   */
  writeMini?(dir: string): Promise<void>;
}

export interface SpeedStats {
  samples_per_s?: number;
  latency_ms_p50?: number;
  latency_ms_p95?: number;
}

/**
 * Each benchmark's metrics by registry name (SPEC §3), so that `results.benchmarks.pope!.metrics.f1`
 * is a `number` without a cast. The benchmarks fill it in themselves (a module augmentation in
 * datasets/<name>/index.ts), so the core names none and an eighth benchmark adds its own entry.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging from datasets/
export interface BenchmarkMetricsMap {}

/** results.json's benchmarks: typed per known benchmark, any other name as a plain metric tree. */
export type BenchmarkResults = { [Name in keyof BenchmarkMetricsMap]?: BenchmarkResult<BenchmarkMetricsMap[Name]> } & {
  [name: string]: BenchmarkResult;
};

export interface BenchmarkResult<M = Metrics> {
  n: number;
  failed: number;
  unparsed: number;
  metrics: M;
  /** Why `metrics` holds no score, when it holds none (see ScoreResult.note). */
  note?: string;
  /** Files written next to results.json for this benchmark. */
  files?: string[];
  speed?: SpeedStats;
  /** Present when a judge graded this benchmark's answers. */
  judge?: JudgeSummary;
  /** 95% bootstrap intervals over items, written by `vlm-bench table --ci` (see reports/ci.ts). */
  ci?: ConfidenceIntervals;
  /** Where the samples came from (layout, repository, revision, file checksums, sample set). */
  provenance?: DataProvenance;
  /** Present when only part of the benchmark was scored (`--limit`, or `score` with answers for some samples). */
  partial?: PartialResult;
  /**
   * The model's tokens over the answers this result is built from (resumed ones included, so a
   * resumed run records what an uninterrupted one does). Absent in files of older versions.
   */
  usage?: TokenUsage;
}

/** results.json's mark of a partial benchmark result: never compared with, nor kept over, a complete one. */
export interface PartialResult {
  /** The `--limit` that cut the samples (absent when answers were missing, e.g. `score` of a partial file). */
  limit?: number;
  /** Samples scored. */
  n: number;
  /** The benchmark's full sample count. */
  of: number;
}

/** results.json's record of a benchmark's judge: who, how many runs, how many requests. */
export interface JudgeSummary {
  model: string;
  fingerprint: string;
  runs: number;
  /** Requests sent to the judge in this scoring. */
  calls: number;
  /** Requests answered from the judge cache (judge.jsonl) instead. */
  cached: number;
  /** Tokens of the requests sent in this scoring (`calls`). */
  usage?: TokenUsage;
  /**
   * Tokens of the distinct cached replies used (paid when first asked; replies cached by older
   * versions carry no usage). `usage` plus this is what grading the benchmark cost.
   */
  cached_usage?: TokenUsage;
  /** The judge's prices (USD per million tokens), when the config gave them. */
  prices?: TokenPrices;
}

/** Percentile-bootstrap intervals for the metrics a benchmark's item metrics recompute, with how they were made. */
export interface ConfidenceIntervals {
  level: number;
  resamples: number;
  seed: number;
  /** Metric path (as in `metrics`, dot-joined) → [low, high], in the metric's own unit. */
  metrics: Record<string, [number, number]>;
}

/** results.json, version 1 (SPEC §3). */
export interface ResultsFile {
  version: 1;
  harness: string;
  created: string;
  model: {
    adapter: string;
    name: string;
    /** The row label a config file gave the model (`models[].name`); reports fall back to adapter:name. */
    label?: string;
    fingerprint: string;
    settings: GenerationSettings;
    factors: Record<string, string>;
    /** How many endpoints or replicas served the run, when more than one (never their URLs or keys). */
    endpoints?: number;
    /** The model's prices (USD per million tokens), when the config gave them: reports show the cost from them. */
    prices?: TokenPrices;
  };
  benchmarks: BenchmarkResults;
}
