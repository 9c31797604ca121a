// The public API: `import { … } from "vlm-bench"`. This file only re-exports.
export type * from "./types.js";
export * from "./errors.js";
export { evaluate, type BenchmarkJob, type EvaluateOptions } from "./evaluate.js";
export { scoreOutputs, type ScoredBenchmark } from "./scoring.js";
export { generateAll, type GenerateOptions, type GenerateOutcome, type SampleFailure } from "./runner.js";
export { PredictionStore, promptSha, type PredictionRecord } from "./store.js";
export { readResults, ITEMS_FILE, PREDICTIONS_FILE, RESULTS_FILE, type ItemLine } from "./results.js";
export { locate, SEARCH_DEPTH } from "./locate.js";
export { checkImages, sniffMime } from "./images.js";
export { SHORT_ANSWER, LETTER_ANSWER } from "./prompts.js";
export { pythonStrip } from "./text.js";
export { benchmarks, findBenchmark, bundledDataDir } from "../datasets/index.js";
export { pope } from "../datasets/pope/index.js";
export { adapterFactories, createAdapter, parseModelOption } from "../adapters/index.js";
export { createBaselineAdapter } from "../adapters/baseline.js";
export { createReplayAdapter } from "../adapters/replay.js";
export { createOpenAIAdapter } from "../adapters/openai/index.js";
export { markdownGrid } from "../reports/markdown.js";
