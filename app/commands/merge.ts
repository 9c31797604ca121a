import { mkdirSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { buildGrid } from "../../reports/grid.js";
import { renderMarkdown } from "../../reports/markdown.js";
import { AdapterError } from "../../src/errors.js";
import { evaluate } from "../../src/evaluate.js";
import { progressMode } from "../../src/progress.js";
import { PREDICTIONS_FILE, RESULTS_FILE } from "../../src/run-folder/index.js";
import { gatherAnswers, readShardFolders } from "../../src/shard/merge.js";
import { PredictionStore } from "../../src/store.js";
import type { ModelAdapter, Sample } from "../../src/types.js";
import { createJudge, type JudgeOptions } from "../judge-option.js";
import { resolveJobs, withInterrupt, writeRunSummary } from "./run.js";

export interface MergeOptions
  extends Pick<
    JudgeOptions,
    "judge" | "judgeBaseUrl" | "judgeApiKeyEnv" | "judgeRuns" | "timeout" | "retries" | "concurrency" | "maxConcurrency"
  > {
  out: string;
  data?: string;
  progress?: boolean;
}

/**
 * `vlm-bench merge SHARD_DIR... --out DIR`: checks that the folders are shards 0..N-1 of one
 * run with nothing missing or answered twice, writes their answers into one predictions.jsonl,
 * and scores it through `evaluate` as `run` does (judge included): the metrics are those of
 * the same run made unsharded.
 */
export async function mergeCommand(dirs: string[], options: MergeOptions): Promise<void> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const folders = readShardFolders(dirs.map((d) => path.resolve(d)));
  const manifest = folders[0]!.manifest;
  const data = options.data ?? manifest.data ?? undefined;
  const jobs = resolveJobs({ bench: Object.keys(manifest.benchmarks).join(","), data } as Parameters<typeof resolveJobs>[0], log);
  const samples = new Map<string, Sample[]>();
  for (const job of jobs) {
    let loaded = await job.benchmark.load(job.dir);
    if (manifest.limit !== null) loaded = loaded.slice(0, manifest.limit);
    samples.set(job.benchmark.name, loaded);
  }
  const answers = gatherAnswers(folders, samples, log);

  const outDir = path.resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const store = PredictionStore.open(path.join(outDir, PREDICTIONS_FILE), log);
  try {
    for (const record of answers) store.append(record);
  } finally {
    store.close();
  }
  const { model } = manifest;
  // Every answer is in the store under this fingerprint, so evaluate never asks the model.
  const recorded: ModelAdapter = {
    id: model.fingerprint,
    kind: model.adapter,
    name: model.name,
    settings: model.settings,
    generate: async () => {
      throw new AdapterError(`merge: the shards' answers are all there, so no model is asked.`, { fatal: true });
    },
  };
  await withInterrupt(log, async (signal) => {
    const judge = await createJudge({ ...options, concurrency: options.concurrency }, outDir, log, signal);
    try {
      return await evaluate({
        jobs,
        adapter: recorded,
        outDir,
        concurrency: 1,
        ...(manifest.limit !== null ? { limit: manifest.limit } : {}),
        factors: model.factors,
        signal,
        progress: progressMode(options.progress ?? true),
        log,
        judge,
        ...(model.label !== undefined ? { label: model.label } : {}),
        ...(model.prices !== undefined ? { prices: model.prices } : {}),
      });
    } finally {
      await judge?.close?.();
    }
  });
  const source = writeRunSummary(outDir);
  process.stdout.write(renderMarkdown(buildGrid([source], { columns: gridColumns(benchmarks) })));
  log(`merged ${folders.length} shards: ${path.join(outDir, RESULTS_FILE)} (per-sample: items.jsonl, raw outputs: predictions.jsonl)`);
}
