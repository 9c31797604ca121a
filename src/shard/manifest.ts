import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../errors.js";
import { writeFileAtomic } from "../run-folder/index.js";
import { promptSha } from "../store.js";
import type { ResultsFile, Sample } from "../types.js";
import { type ShardSpec, shardName } from "./spec.js";

export const SHARD_FILE = "shard.json";

/**
 * What a shard's `--out` holds beside its predictions.jsonl: which part of which run it is.
 * `partial: true` — a shard is never a complete result; `vlm-bench merge` joins all N of them.
 */
export interface ShardManifest {
  version: 1;
  partial: true;
  shard: ShardSpec;
  harness: string;
  created: string;
  /** Who answers, as results.json records it (the fingerprint: kind, name and generation settings). */
  model: Omit<ResultsFile["model"], "endpoints">;
  /** The --data folder the shard read (absolute), or null for the bundled mini sets. */
  data: string | null;
  /** --limit, applied before sharding. */
  limit: number | null;
  /** Per benchmark: the full sample set (all shards) and this shard's part of it. */
  benchmarks: Record<string, { samples: number; fingerprint: string; shard_samples: number }>;
}

/**
 * A benchmark's whole sample set in one hash: ids, prompts and image names, in id order. Two
 * shards (or a merge) that loaded different data or prompts disagree here.
 */
export function sampleSetFingerprint(samples: readonly Sample[]): string {
  const lines = samples.map((s) => `${s.id}\t${promptSha(s.prompt)}\t${s.images.map((i) => path.basename(i)).join(",")}`).sort();
  return `sha256:${createHash("sha256").update(lines.join("\n")).digest("hex")}`;
}

export function writeManifest(outDir: string, manifest: ShardManifest): void {
  writeFileAtomic(path.join(outDir, SHARD_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest in `dir`, or null when there is none; a damaged one is exit 2 naming the file. */
export function readManifest(dir: string): ShardManifest | null {
  const file = path.join(dir, SHARD_FILE);
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataError(`${file} is not valid JSON (${(error as Error).message}); rerun that shard with the same --out to rewrite it.`, {
      file,
    });
  }
  const m = value as Partial<ShardManifest> | null;
  const ok =
    m !== null &&
    typeof m === "object" &&
    m.version === 1 &&
    m.partial === true &&
    Number.isInteger(m.shard?.index) &&
    Number.isInteger(m.shard?.count) &&
    typeof m.model?.fingerprint === "string" &&
    typeof m.benchmarks === "object" &&
    m.benchmarks !== null;
  if (!ok)
    throw new DataError(`${file} is not a vlm-bench shard manifest (version 1); rerun that shard with the same --out to rewrite it.`, {
      file,
    });
  return m as ShardManifest;
}

/** A rerun into a folder that holds another shard (or another model's shard) would mix them: exit 2. */
export function checkSameShard(dir: string, previous: ShardManifest, next: ShardManifest): void {
  if (previous.shard.index !== next.shard.index || previous.shard.count !== next.shard.count) {
    throw new DataError(
      `${path.join(dir, SHARD_FILE)} holds ${shardName(previous.shard)}, not ${shardName(next.shard)}: give each shard its own --out.`,
      { file: path.join(dir, SHARD_FILE) },
    );
  }
}
