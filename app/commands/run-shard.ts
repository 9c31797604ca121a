import path from "node:path";
import { UsageError } from "../../src/errors.js";
import { progressMode } from "../../src/progress.js";
import { SHARD_FILE } from "../../src/shard/manifest.js";
import { runShard } from "../../src/shard/run.js";
import { resolveShard, shardName } from "../../src/shard/spec.js";
import { createRunAdapter, defaultOutDir, parseFactors, type RunOptions, resolveJobs, withInterrupt } from "./run.js";

/** `run --shard K/N|auto`: this shard's answers and its manifest in --out; `vlm-bench merge` scores the whole. */
export async function runShardCommand(options: RunOptions, log: (message: string) => void): Promise<void> {
  const shard = resolveShard(options.shard!, options.shards);
  if (options.judge !== undefined) {
    throw new UsageError(`--judge is for \`vlm-bench merge\` when running shards: a shard is not scored, the merge grades the whole.`);
  }
  const jobs = resolveJobs(options, log);
  const outDir = path.resolve(options.out ?? `${defaultOutDir(options.model)}-shard${shard.index}of${shard.count}`);
  const adapter = await createRunAdapter(options);
  try {
    const manifest = await withInterrupt(log, (signal) =>
      runShard({
        jobs,
        adapter,
        outDir,
        shard,
        ...(options.data !== undefined ? { data: options.data } : {}),
        concurrency: options.concurrency === "auto" ? 8 : options.concurrency,
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        factors: parseFactors(options.factor ?? []),
        ...(options.label !== undefined ? { label: options.label } : {}),
        signal,
        progress: progressMode(options.progress),
        maxFailed: options.maxFailed,
        log,
      }),
    );
    const parts = Object.entries(manifest.benchmarks).map(([name, b]) => `${name} ${b.shard_samples} of ${b.samples}`);
    log(`${shardName(shard)} done (${parts.join(", ")}): ${outDir} (predictions.jsonl, ${SHARD_FILE}; partial, not a result).`);
    log(`When every shard is done: vlm-bench merge SHARD_DIR... --out DIR`);
  } finally {
    await adapter.close?.();
  }
}
