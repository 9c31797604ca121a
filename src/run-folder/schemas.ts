import type { JsonSchema } from "../schema.js";

/*
 * JSON Schemas of the run folder's files, checked on every read (table, gate, effects, the HTML
 * report, a resumed run): a file of the wrong shape is refused with its JSON path instead of
 * turning into a wrong number, a stack trace or a silently empty gate. Known fields are typed
 * strictly; unknown fields are allowed, so a newer harness's additions (provenance, partial-run
 * marks) do not make an older reader refuse the file.
 */

const count = { type: "integer", minimum: 0 };
const nonEmpty = { type: "string", minLength: 1 };

/** A metric tree: numbers at the leaves, nested by split, task, capability… */
const METRICS = {
  type: "object",
  // if/then/else rather than anyOf, so a bad leaf deep in the tree is named by its own path.
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, never awaited
  additionalProperties: { if: { type: "object" }, then: { $ref: "#/$defs/metrics" }, else: { type: "number" } },
};

/** Summed tokens of a set of model calls (TokenUsage): sums over the `reported` calls only. */
const USAGE = {
  type: "object",
  required: ["calls", "reported", "prompt_tokens", "completion_tokens"],
  properties: {
    calls: count,
    reported: count,
    prompt_tokens: { type: "number", minimum: 0 },
    completion_tokens: { type: "number", minimum: 0 },
  },
};

/** USD per million prompt and completion tokens (a config file's `prices`). */
const PRICES = {
  type: "object",
  required: ["input", "output"],
  properties: { input: { type: "number", minimum: 0 }, output: { type: "number", minimum: 0 } },
};

const BENCHMARK_RESULT = {
  type: "object",
  required: ["n", "failed", "unparsed", "metrics"],
  properties: {
    n: count,
    failed: count,
    unparsed: count,
    metrics: { $ref: "#/$defs/metrics" },
    note: { type: "string" },
    files: { type: "array", items: { type: "string" } },
    speed: {
      type: "object",
      properties: {
        samples_per_s: { type: "number", minimum: 0 },
        latency_ms_p50: { type: "number", minimum: 0 },
        latency_ms_p95: { type: "number", minimum: 0 },
      },
    },
    judge: {
      type: "object",
      required: ["model", "fingerprint", "runs", "calls", "cached"],
      properties: {
        model: { type: "string" },
        fingerprint: { type: "string" },
        runs: count,
        calls: count,
        cached: count,
        usage: USAGE,
        cached_usage: USAGE,
        prices: PRICES,
      },
    },
    usage: USAGE,
    partial: {
      type: "object",
      required: ["n", "of"],
      properties: { limit: { type: "integer", minimum: 1 }, n: count, of: count },
    },
    ci: {
      type: "object",
      required: ["level", "resamples", "seed", "metrics"],
      properties: {
        level: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
        resamples: count,
        seed: { type: "integer" },
        metrics: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 },
        },
      },
    },
  },
};

/** results.json, version 1 (SPEC §3). */
export const RESULTS_SCHEMA: JsonSchema = {
  $defs: { metrics: METRICS },
  type: "object",
  required: ["version", "harness", "model", "benchmarks"],
  properties: {
    version: { const: 1 },
    harness: nonEmpty,
    created: { type: "string" },
    model: {
      type: "object",
      required: ["adapter", "name", "fingerprint"],
      properties: {
        adapter: { type: "string" },
        name: { type: "string" },
        label: { type: "string" },
        fingerprint: nonEmpty,
        settings: {
          type: "object",
          properties: { maxTokens: { type: "number" }, temperature: { type: "number" }, seed: { type: "number" } },
        },
        factors: { type: "object", additionalProperties: { type: "string" } },
        prices: PRICES,
      },
    },
    benchmarks: { type: "object", additionalProperties: BENCHMARK_RESULT },
  },
};

/**
 * One line of items.jsonl: a scored sample with its benchmark; `correct` (0/1) or `score` (0..1).
 * (That a line never has both is checked by the reader, which can say so in plain words.)
 */
export const ITEM_LINE_SCHEMA: JsonSchema = {
  type: "object",
  required: ["benchmark", "id"],
  properties: {
    benchmark: nonEmpty,
    id: { type: "string" },
    parsed: { anyOf: [{ type: "string" }, { type: "null" }] },
    correct: { enum: [0, 1] },
    score: { type: "number", minimum: 0, maximum: 1 },
    meta: { type: "object" },
  },
};

/** One line of predictions.jsonl: a raw model output as the prediction store appends it. */
export const PREDICTION_LINE_SCHEMA: JsonSchema = {
  type: "object",
  required: ["benchmark", "id", "adapter", "prompt_sha", "text"],
  properties: {
    benchmark: { type: "string" },
    id: { type: "string" },
    adapter: { type: "string" },
    prompt_sha: { type: "string" },
    text: { type: "string" },
    latency_ms: { type: "number" },
    usage: { type: "object" },
    logprobs: {
      type: "array",
      items: { type: "object", required: ["token", "logprob"], properties: { token: { type: "string" }, logprob: { type: "number" } } },
    },
    relevancy: { type: "array", items: { type: "array", items: { type: "number" } } },
    source: { type: "string" },
    time: { type: "string" },
  },
};
