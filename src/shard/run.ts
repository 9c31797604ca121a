import { mkdirSync } from "node:fs";
import path from "node:path";
import { RunIncompleteError } from "../errors.js";
import type { BenchmarkJob } from "../evaluate.js";
import { summarizeFailures } from "../failure-summary.js";
import { checkImages } from "../images.js";
import { harnessId } from "../package-info.js";
import { createProgress, type ProgressMode } from "../progress.js";
import { PREDICTIONS_FILE } from "../run-folder/index.js";
import { generateAll } from "../runner.js";
import { PredictionStore } from "../store.js";
import type { ModelAdapter, Sample } from "../types.js";
import { checkSameShard, readManifest, type ShardManifest, sampleSetFingerprint, writeManifest } from "./manifest.js";
import { shardSamples } from "./partition.js";
import { type ShardSpec, shardName } from "./spec.js";

export interface ShardRunOptions {
  jobs: readonly BenchmarkJob[];
  adapter: ModelAdapter;
  outDir: string;
  shard: ShardSpec;
  /** The --data folder (recorded for merge), undefined for the bundled mini sets. */
  data?: string;
  concurrency: number;
  limit?: number;
  factors?: Record<string, string>;
  label?: string;
  signal?: AbortSignal;
  progress?: ProgressMode;
  maxFailed?: number;
  log?: (message: string) => void;
}

/**
 * One shard of a run: its part of every benchmark answered into `outDir/predictions.jsonl`
 * (resumable as any run), and the shard manifest. Nothing is scored: a shard is not a result,
 * `vlm-bench merge` scores the whole.
 */
export async function runShard(options: ShardRunOptions): Promise<ShardManifest> {
  const { adapter, outDir, shard } = options;
  const log = options.log ?? (() => {});
  const loaded: { name: string; all: Sample[]; mine: Sample[] }[] = [];
  for (const job of options.jobs) {
    let all = await job.benchmark.load(job.dir);
    if (options.limit !== undefined) all = all.slice(0, options.limit);
    loaded.push({ name: job.benchmark.name, all, mine: shardSamples(all, shard.index, shard.count) });
  }
  await checkImages(loaded.flatMap((l) => l.mine));
  const manifest: ShardManifest = {
    version: 1,
    partial: true,
    shard,
    harness: harnessId,
    created: new Date().toISOString(),
    model: {
      adapter: adapter.kind,
      name: adapter.name,
      ...(options.label !== undefined ? { label: options.label } : {}),
      fingerprint: adapter.id,
      settings: adapter.settings,
      factors: options.factors ?? {},
    },
    data: options.data === undefined ? null : path.resolve(options.data),
    limit: options.limit ?? null,
    benchmarks: Object.fromEntries(
      loaded.map((l) => [l.name, { samples: l.all.length, fingerprint: sampleSetFingerprint(l.all), shard_samples: l.mine.length }]),
    ),
  };
  mkdirSync(outDir, { recursive: true });
  const previous = readManifest(outDir);
  if (previous !== null) checkSameShard(outDir, previous, manifest);
  writeManifest(outDir, manifest);

  const store = PredictionStore.open(path.join(outDir, PREDICTIONS_FILE), log);
  const incomplete: string[] = [];
  try {
    for (const { name, mine } of loaded) {
      const outcome = await generateAll(mine, {
        adapter,
        store,
        concurrency: options.concurrency,
        signal: options.signal,
        progress: createProgress(options.progress ?? "none"),
        label: `${name} (${shard.index}/${shard.count})`,
      });
      if (outcome.failures.length > (options.maxFailed ?? 0)) {
        const shown = summarizeFailures(outcome.failures);
        incomplete.push(`${name}: ${outcome.failures.length} of ${mine.length} samples failed (${shown})`);
      }
    }
  } finally {
    store.close();
  }
  if (incomplete.length > 0) {
    throw new RunIncompleteError(
      `${shardName(shard)}: ${incomplete.join(". ")}. Its answers so far are saved in ${path.join(outDir, PREDICTIONS_FILE)}; ` +
        `rerun this shard with the same --out to retry only the failed samples.`,
    );
  }
  return manifest;
}
