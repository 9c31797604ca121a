/**
 * The data the report page embeds (one JSON block) and its script reads. One row per sample,
 * shared by every model: the prompt, target and image are written once, not once per model,
 * which keeps an 8-model report about a fifth of the size and quick to parse.
 */

/** One model's answer to one sample (short keys: a report holds up to ~10^5 of them). */
export interface ReportAnswer {
  /** Raw output (predictions.jsonl), null when not stored. */
  o: string | null;
  /** Parsed answer; null when unparsed. */
  p: string | null;
  /** 1 right, 0 wrong, null for graded items (see s). */
  c: 0 | 1 | null;
  /** Graded score 0..1. */
  s?: number;
  /** Key into `images` of this model's relevancy overlay (PNG), from `table --explain DIR`. */
  ov?: string;
  /** This model's target in words, only when it differs from the sample's (another data release). */
  t?: string | null;
}

export interface ReportSample {
  /** Index into `benchmarks`. */
  b: number;
  id: string;
  /** Its split, task or category (items.jsonl meta), for the filter. */
  g: string | null;
  prompt: string | null;
  /** The ground truth in words (the benchmark's `describeTarget`), or as stored. */
  target: string | null;
  /** Key into `images`. */
  img: string | null;
  /** One entry per model (same order as `models`); null when that model has no item for it. */
  a: (ReportAnswer | null)[];
}

/** One metric of the two-model comparison, as `vlm-bench gate BASELINE CANDIDATE` reports it. */
export interface ReportPairMetric {
  metric: string;
  test: string;
  n: number;
  baseline: number;
  candidate: number;
  difference: number;
  lost?: number;
  gained?: number;
  detail: string;
  pDrop: number;
  pGain: number;
  adjustedP: number;
  status: string;
}

export interface ReportPairBenchmark {
  benchmark: string;
  comparable: boolean;
  reasons?: string[];
  common?: number;
  metrics?: ReportPairMetric[];
  /** Flipped items: index into `samples`, or the id when the sample is not in the page. */
  flipped?: (number | string)[];
  /** How many items flipped in all (the list may be cut), and how many of them each model did better on. */
  flippedTotal?: number;
  baselineBetter?: number;
  candidateBetter?: number;
}

/** One ordered pair: `baseline` and `candidate` index `models`. */
export interface ReportPair {
  baseline: number;
  candidate: number;
  /** The gate command whose numbers these are. */
  command: string;
  benchmarks: ReportPairBenchmark[];
  notes: string[];
}

export interface ReportData {
  /** `outputs`: the run folder had predictions.jsonl (the sample browser says why raw outputs are missing otherwise). */
  models: { label: string; outputs?: boolean }[];
  benchmarks: string[];
  /** Thumbnail data URLs (JPEG; relevancy overlays PNG), shared by every sample showing the same image. */
  images: Record<string, string>;
  samples: ReportSample[];
  /** `#compare`: every ordered pair of models, when there are two or more. */
  pairs?: ReportPair[];
}
