// The public API: `import { … } from "vlm-bench"`. This file only re-exports.
export type * from "../src/types.js";
export * from "../src/errors.js";
export { evaluate, type BenchmarkJob, type EvaluateOptions } from "../src/evaluate.js";
export { scoreOutputs, writeScoredFiles, type ScoredBenchmark } from "../src/scoring.js";
export { validateJson, describeSchemaError, type JsonSchema } from "../src/schema.js";
export { neededFiles } from "../src/locate.js";
export { readAnswerFile, findAnswer, type AnswerFile, type SavedAnswer } from "../src/answers.js";
export { generateAll, type GenerateOptions, type GenerateOutcome, type SampleFailure } from "../src/runner.js";
export { PredictionStore, promptSha, type PredictionRecord } from "../src/store.js";
export {
  readResults,
  readItems,
  readPredictions,
  readRunFolder,
  loadRun,
  writeResults,
  writeItems,
  ITEMS_FILE,
  PREDICTIONS_FILE,
  RESULTS_FILE,
  TABLE_FILE,
  RESULTS_SCHEMA,
  ITEM_LINE_SCHEMA,
  type ItemLine,
  type LoadedRun,
  type ReadRunOptions,
  type RunFolder,
} from "../src/run-folder/index.js";
export { RunWriter, type ScoreJob, type ScoredModel } from "../src/score-and-write.js";
export { locate, SEARCH_DEPTH } from "../src/locate.js";
export { checkImages, sniffMime } from "../src/images.js";
export { SHORT_ANSWER, LETTER_ANSWER } from "../src/prompts.js";
export { pythonSplit, pythonStrip } from "../src/python-text.js";
export { mulberry32, type Rng } from "../src/random.js";
export { benchmarks, findBenchmark, bundledDataDir } from "../datasets/index.js";
export { gqa } from "../datasets/gqa/index.js";
export { mme } from "../datasets/mme/index.js";
export { pope } from "../datasets/pope/index.js";
export { mmvet } from "../datasets/mmvet/index.js";
export { mmvp } from "../datasets/mmvp/index.js";
export * from "../src/judge/index.js";
export { createJudge, type JudgeOptions } from "./judge-option.js";
export { vqav2 } from "../datasets/vqav2/index.js";
export { scienceqa } from "../datasets/scienceqa/index.js";
export { adapterFactories, createAdapter, parseModelOption } from "../adapters/index.js";
export { createBaselineAdapter } from "../adapters/baseline.js";
export { createReplayAdapter } from "../adapters/replay.js";
export { createOpenAIAdapter } from "../adapters/openai/index.js";
export { createCommandAdapter, type CommandAdapterOptions } from "../adapters/command/index.js";
export { splitCommand } from "../adapters/command/split.js";
export { createOnnxAdapter, type OnnxAdapter, type OnnxAdapterOptions } from "../adapters/onnx/index.js";
export { preprocessImage, type PixelValues, type PreprocessorConfig } from "../adapters/onnx/preprocess.js";
export { markdownGrid } from "../reports/markdown.js";
export { loadConfig, parseConfig, CONFIG_FILE, CONFIG_SCHEMA_FILE } from "../src/config/load.js";
export type { VlmBenchConfig, ModelConfig, JudgeConfig, GateConfig } from "../src/config/types.js";
export { bootstrapCi, BOOTSTRAP_DEFAULTS, type BootstrapOptions } from "../src/stats/bootstrap-ci.js";
export { METRIC_COLUMNS, columnKey, formatMetric, metricValue, type MetricColumn } from "../reports/columns.js";
export { buildGrid, type Grid, type GridCell, type GridOptions, type GridRow, type GridSource, type RowSpeed } from "../reports/grid.js";
export { renderGrid, TABLE_FORMATS, type TableFormat } from "../reports/formats.js";
export { renderMarkdown } from "../reports/markdown.js";
export { renderHtml, type ReportData, type ReportSample } from "../reports/html/report.js";
export { collectReportData } from "../reports/html/samples.js";
export { computeIntervals, type FindBenchmark } from "../reports/ci.js";
export { genericItemMetrics, itemMetricsFor, meanScore, shareCorrect, weightedMean } from "../src/item-metrics/generic.js";
export { groupItems, metricAt, type GroupedItems, type Placement } from "../src/item-metrics/group.js";
export { allOnes, resampler, type Strata, type WeightedStatistic } from "../src/stats/resample.js";
export { reportSource, type ReportSource } from "../reports/sources.js";
export { renderTable, type TableOptions } from "../reports/table.js";
export { exactMcNemarP, mcnemar, type McNemarResult } from "../src/stats/mcnemar.js";
export { pairedBootstrap, meanOf, type PairedBootstrapOptions, type PairedBootstrapResult, type Statistic } from "../src/stats/paired-bootstrap.js";
export { olsHC1, assertFullColumnRank, CollinearColumnError, type OlsResult } from "../src/stats/ols.js";
export { normalCdf, normalQuantile } from "../src/stats/normal.js";
export { gate, type GateOptions, type GateReport, type BenchmarkComparison, type MetricComparison } from "../src/gate/compare.js";
export { decide, gateExitCode, DEFAULT_MAX_DROP, DEFAULT_MAX_DROP_POINTS, DEFAULT_ALPHA, type GatePolicy, type GateStatus } from "../src/gate/decide.js";
export { NotComparableError, protocolVersion } from "../src/gate/protocol.js";
export { readGateConfig, resolvePolicy } from "../src/gate/config.js";
export { analyseEffects, type EffectsOptions, type EffectsResult, type BenchmarkEffects, type Effect } from "../src/effects/analyse.js";
export { buildDesign, type Design, type DummyColumn } from "../src/effects/design.js";
export { gateJunit } from "../reports/junit.js";
export { gateMarkdown } from "../reports/gate-summary.js";
export { effectsMarkdown, effectsCsv, effectsJson } from "../reports/effects-table.js";
export { effectsSvg } from "../reports/effects-svg.js";
