import { UsageError } from "../errors.js";

/** Shard `index` of `count` (0 ≤ index < count). */
export interface ShardSpec {
  index: number;
  count: number;
}

export function shardName(shard: ShardSpec): string {
  return `shard ${shard.index} of ${shard.count}`;
}

/**
 * `--shard K/N`, or `--shard auto`: a SLURM array task (SLURM_ARRAY_TASK_ID counted from
 * SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX, N from `--shards N`). Exit 2 when neither is set.
 */
export function resolveShard(option: string, shards: number | undefined, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  if (option.trim() !== "auto") {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(option);
    if (match === null) throw new UsageError(`--shard "${option}" is not K/N (e.g. --shard 0/4) or auto.`);
    return checked(Number(match[1]), Number(match[2]), "--shard");
  }
  const slurmId = env.SLURM_ARRAY_TASK_ID;
  if (slurmId !== undefined && slurmId !== "") {
    const count = env.SLURM_ARRAY_TASK_COUNT;
    if (count === undefined || count === "") {
      throw new UsageError(
        `--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; run it as an array job (sbatch --array=0-3).`,
      );
    }
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? "0");
    const index = whole(slurmId, "SLURM_ARRAY_TASK_ID") - whole(String(min), "SLURM_ARRAY_TASK_MIN");
    const n = whole(count, "SLURM_ARRAY_TASK_COUNT");
    if (shards !== undefined && shards !== n) {
      throw new UsageError(`--shards ${shards} disagrees with SLURM_ARRAY_TASK_COUNT=${n}; drop --shards or fix the --array range.`);
    }
    return checked(index, n, "SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (the array must be a contiguous range, e.g. --array=0-3)");
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== "") {
    if (shards === undefined) {
      throw new UsageError(`--shard auto under a Kubernetes Indexed Job needs --shards N (the Job's completions).`);
    }
    return checked(whole(k8s, "JOB_COMPLETION_INDEX"), shards, "JOB_COMPLETION_INDEX");
  }
  throw new UsageError(
    `--shard auto: neither a SLURM array job (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) is set; ` +
      `pass --shard K/N instead.`,
  );
}

function whole(text: string, name: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${name}="${text}" is not a whole number.`);
  return Number(text);
}

function checked(index: number, count: number, source: string): ShardSpec {
  if (count < 1) throw new UsageError(`${source}: the number of shards must be ≥ 1, got ${count}.`);
  if (index < 0 || index >= count) throw new UsageError(`${source}: shard ${index} is outside 0..${count - 1}.`);
  return { index, count };
}
