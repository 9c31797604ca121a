// The public API: `import { … } from "vlm-bench"`. This file only re-exports, and only what a
// user of the library needs: running and scoring models, the benchmarks and their registry, the
// adapter factories, the report renderers, the gate, the effects analysis, config loading, and the
// contracts and error classes to build on.
//
// Deliberately left out (internals, free to change; import them from their module in this
// repository if you work on vlm-bench itself): text and number helpers (`pythonStrip`,
// `pythonSplit`, `mulberry32`), image handling (`checkImages`, `sniffMime`, onnx's
// `preprocessImage`), `splitCommand`, file search (`locate`, `neededFiles`, `SEARCH_DEPTH`), the
// JSON Schema helpers, prompt suffixes, each benchmark's loader/parser/scorer functions (use the
// `Benchmark` objects), item-metric and resampling building blocks (`allOnes`, `resampler`,
// `groupItems`, `metricAt`, `genericItemMetrics`), the regression internals (`olsHC1`,
// `buildDesign`, `normalCdf`), the judge cache's internals, and the CLI's commands.

// Contracts and errors
export type * from "../src/types.js";
export * from "../src/errors.js";
export { OpenAIAdapterError } from "../adapters/openai/error.js";
export { JudgeError } from "../src/judge/judge.js";
export { NotComparableError } from "../src/gate/protocol.js";

// Running and scoring
export { evaluate, type BenchmarkJob, type EvaluateOptions } from "../src/evaluate.js";
export { scoreOutputs, type ScoredBenchmark } from "../src/scoring.js";
export { generateAll, type GenerateOptions, type GenerateOutcome, type SampleFailure } from "../src/runner.js";
export { PredictionStore, type PredictionRecord } from "../src/store.js";
export { readAnswerFile, type AnswerFile, type SavedAnswer } from "../src/answers.js";
export {
  readResults,
  readItems,
  readPredictions,
  readRunFolder,
  loadRun,
  ITEMS_FILE,
  PREDICTIONS_FILE,
  RESULTS_FILE,
  TABLE_FILE,
  type ItemLine,
  type LoadedRun,
  type ReadRunOptions,
  type RunFolder,
} from "../src/run-folder/index.js";
export { RunWriter, type ScoreJob, type ScoredModel } from "../src/score-and-write.js";
export { createCachedJudge, type CachedJudgeOptions } from "../src/judge/judge.js";
export { createJudge, type JudgeOptions } from "./judge-option.js";

// Benchmarks and their registry (with each benchmark's results.json metrics type)
export { benchmarks, findBenchmark, bundledDataDir } from "../datasets/index.js";
export { gqa, type GqaMetrics } from "../datasets/gqa/index.js";
export { mme, type MmeMetrics } from "../datasets/mme/index.js";
export { mmvet, type MmvetMetrics } from "../datasets/mmvet/index.js";
export { pope, type PopeMetrics } from "../datasets/pope/index.js";
export type { PopeSplitMetrics } from "../datasets/pope/score.js";
export { vqav2, type Vqav2Metrics } from "../datasets/vqav2/index.js";
export { mmvp, type MmvpMetrics } from "../datasets/mmvp/index.js";
export { scienceqa, type ScienceqaMetrics } from "../datasets/scienceqa/index.js";

// Adapters and their registry (with each adapter's own options as data)
export { adapterFactories, adapterOptions, createAdapter, parseModelOption, type DeclaredAdapterOption } from "../adapters/index.js";
export { createOpenAIAdapter, type OpenAIAdapterOptions } from "../adapters/openai/index.js";
export { createCommandAdapter, type CommandAdapterOptions } from "../adapters/command/index.js";
export { createOnnxAdapter, type OnnxAdapter, type OnnxAdapterOptions } from "../adapters/onnx/index.js";
export { createBaselineAdapter } from "../adapters/baseline.js";
export { createReplayAdapter } from "../adapters/replay.js";

// Reports
export { gridColumns, columnKey, formatMetric, metricValue, type MetricColumn } from "../reports/columns.js";
export { buildGrid, type Grid, type GridCell, type GridOptions, type GridRow, type GridSource, type RowSpeed } from "../reports/grid.js";
export { renderGrid, TABLE_FORMATS, type TableFormat } from "../reports/formats.js";
export { markdownGrid, renderMarkdown } from "../reports/markdown.js";
export { renderHtml, type ReportData, type ReportSample } from "../reports/html/report.js";
export { collectReportData } from "../reports/html/samples.js";
export { renderTable, type TableOptions } from "../reports/table.js";
export { reportSource, type ReportSource } from "../reports/sources.js";
export { computeIntervals, type FindBenchmark } from "../reports/ci.js";
export { gateJunit } from "../reports/junit.js";
export { gateMarkdown } from "../reports/gate-summary.js";
export { effectsMarkdown, effectsCsv, effectsJson } from "../reports/effects-table.js";
export { effectsSvg } from "../reports/effects-svg.js";

// Gate, effects and statistics
export { gate, type GateOptions, type GateReport, type BenchmarkComparison, type MetricComparison } from "../src/gate/compare.js";
export {
  decide,
  gateExitCode,
  DEFAULT_MAX_DROP,
  DEFAULT_MAX_DROP_POINTS,
  DEFAULT_ALPHA,
  type GatePolicy,
  type GateStatus,
} from "../src/gate/decide.js";
export { readGateConfig, resolvePolicy } from "../src/gate/config.js";
export { analyseEffects, type EffectsOptions, type EffectsResult, type BenchmarkEffects, type Effect } from "../src/effects/analyse.js";
export { bootstrapCi, BOOTSTRAP_DEFAULTS, type BootstrapOptions } from "../src/stats/bootstrap-ci.js";
export { mcnemar, type McNemarResult } from "../src/stats/mcnemar.js";
export { pairedBootstrap, type PairedBootstrapOptions, type PairedBootstrapResult, type Statistic } from "../src/stats/paired-bootstrap.js";

// Config files
export { loadConfig, parseConfig, CONFIG_FILE, CONFIG_SCHEMA_FILE } from "../src/config/load.js";
export type { VlmBenchConfig, ModelConfig, ModelConfigKeys, JudgeConfig, GateConfig } from "../src/config/types.js";
