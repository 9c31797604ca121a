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

export { createBaselineAdapter } from "../adapters/baseline.js";
export { type CommandAdapterOptions, createCommandAdapter } from "../adapters/command/index.js";
// Adapters and their registry (with each adapter's own options as data)
export { adapterFactories, adapterOptions, createAdapter, type DeclaredAdapterOption, parseModelOption } from "../adapters/index.js";
export { createOnnxAdapter, type OnnxAdapter, type OnnxAdapterOptions } from "../adapters/onnx/index.js";
export { OpenAIAdapterError } from "../adapters/openai/error.js";
export { createOpenAIAdapter, type OpenAIAdapterOptions } from "../adapters/openai/index.js";
export { createReplayAdapter } from "../adapters/replay.js";
export { type GqaMetrics, gqa } from "../datasets/gqa/index.js";
// Benchmarks and their registry (with each benchmark's results.json metrics type)
export { benchmarks, bundledDataDir, findBenchmark } from "../datasets/index.js";
export { type MmeMetrics, mme } from "../datasets/mme/index.js";
export { type MmvetMetrics, mmvet } from "../datasets/mmvet/index.js";
export { type MmvpMetrics, mmvp } from "../datasets/mmvp/index.js";
export { type PopeMetrics, pope } from "../datasets/pope/index.js";
export type { PopeSplitMetrics } from "../datasets/pope/score.js";
export { type ScienceqaMetrics, scienceqa } from "../datasets/scienceqa/index.js";
export { type Vqav2Metrics, vqav2 } from "../datasets/vqav2/index.js";
export { computeIntervals, type FindBenchmark } from "../reports/ci.js";
// Reports
export { columnKey, formatMetric, gridColumns, type MetricColumn, metricValue } from "../reports/columns.js";
export { effectsSvg } from "../reports/effects-svg.js";
export { effectsCsv, effectsJson, effectsMarkdown } from "../reports/effects-table.js";
export { renderGrid, TABLE_FORMATS, type TableFormat } from "../reports/formats.js";
export { gateMarkdown } from "../reports/gate-summary.js";
export { buildGrid, type Grid, type GridCell, type GridOptions, type GridRow, type GridSource, type RowSpeed } from "../reports/grid.js";
export { type ReportData, type ReportSample, renderHtml } from "../reports/html/report.js";
export { collectReportData } from "../reports/html/samples.js";
export { gateJunit } from "../reports/junit.js";
export { markdownGrid, renderMarkdown } from "../reports/markdown.js";
export { type ReportSource, reportSource } from "../reports/sources.js";
export { renderTable, type TableOptions } from "../reports/table.js";
export { type AnswerFile, readAnswerFile, type SavedAnswer } from "../src/answers.js";
// Config files
export { CONFIG_FILE, CONFIG_SCHEMA_FILE, loadConfig, parseConfig } from "../src/config/load.js";
export type { GateConfig, JudgeConfig, ModelConfig, ModelConfigKeys, VlmBenchConfig } from "../src/config/types.js";
export { analyseEffects, type BenchmarkEffects, type Effect, type EffectsOptions, type EffectsResult } from "../src/effects/analyse.js";
export * from "../src/errors.js";
// Running and scoring
export { type BenchmarkJob, type EvaluateOptions, evaluate } from "../src/evaluate.js";
// Gate, effects and statistics
export { type BenchmarkComparison, type GateOptions, type GateReport, gate, type MetricComparison } from "../src/gate/compare.js";
export { readGateConfig, resolvePolicy } from "../src/gate/config.js";
export {
  DEFAULT_ALPHA,
  DEFAULT_MAX_DROP,
  DEFAULT_MAX_DROP_POINTS,
  decide,
  type GatePolicy,
  type GateStatus,
  gateExitCode,
} from "../src/gate/decide.js";
export { NotComparableError } from "../src/gate/protocol.js";
export { type CachedJudgeOptions, createCachedJudge, JudgeError } from "../src/judge/judge.js";
export {
  ITEMS_FILE,
  type ItemLine,
  type LoadedRun,
  loadRun,
  PREDICTIONS_FILE,
  RESULTS_FILE,
  type ReadRunOptions,
  type RunFolder,
  readItems,
  readPredictions,
  readResults,
  readRunFolder,
  TABLE_FILE,
} from "../src/run-folder/index.js";
export { type GenerateOptions, type GenerateOutcome, generateAll, type SampleFailure } from "../src/runner.js";
export { RunWriter, type ScoredModel, type ScoreJob } from "../src/score-and-write.js";
export { type ScoredBenchmark, scoreOutputs } from "../src/scoring.js";
export { BOOTSTRAP_DEFAULTS, type BootstrapOptions, bootstrapCi } from "../src/stats/bootstrap-ci.js";
export { type McNemarResult, mcnemar } from "../src/stats/mcnemar.js";
export { type PairedBootstrapOptions, type PairedBootstrapResult, pairedBootstrap, type Statistic } from "../src/stats/paired-bootstrap.js";
export { type PredictionRecord, PredictionStore } from "../src/store.js";
// Contracts and errors
export type * from "../src/types.js";
export { createJudge, type JudgeOptions } from "./judge-option.js";
