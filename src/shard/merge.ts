import path from "node:path";
import { DataError } from "../errors.js";
import { PREDICTIONS_FILE, type PredictionRecord, readPredictions } from "../run-folder/index.js";
import { promptSha } from "../store.js";
import type { Sample } from "../types.js";
import { readManifest, SHARD_FILE, type ShardManifest, sampleSetFingerprint } from "./manifest.js";
import { shardSamples } from "./partition.js";
import { shardName } from "./spec.js";

export interface ShardFolder {
  dir: string;
  manifest: ShardManifest;
}

const SHOWN = 5;
const few = (ids: readonly string[]) => `${ids.slice(0, SHOWN).join(", ")}${ids.length > SHOWN ? `, … (${ids.length} in all)` : ""}`;

/**
 * The shard folders in index order, checked to be shards 0..N-1 of one N, of one adapter
 * fingerprint and one sample set. Every refusal is exit 2 naming the shard and its folder.
 */
export function readShardFolders(dirs: readonly string[]): ShardFolder[] {
  const folders = dirs.map((dir) => {
    const manifest = readManifest(dir);
    if (manifest === null) {
      throw new DataError(`${dir} has no ${SHARD_FILE}: it is not a shard folder (made by \`vlm-bench run --shard K/N --out DIR\`).`, {
        file: path.join(dir, SHARD_FILE),
      });
    }
    return { dir, manifest };
  });
  const first = folders[0]!;
  const count = first.manifest.shard.count;
  for (const f of folders) {
    if (f.manifest.shard.count !== count) {
      throw new DataError(
        `${f.dir} is ${shardName(f.manifest.shard)} but ${first.dir} is ${shardName(first.manifest.shard)}: every shard of one merge must split the run the same N ways.`,
      );
    }
  }
  const byIndex = new Map<number, ShardFolder>();
  for (const f of folders) {
    const other = byIndex.get(f.manifest.shard.index);
    if (other !== undefined) throw new DataError(`${shardName(f.manifest.shard)} is given twice: ${other.dir} and ${f.dir}.`);
    byIndex.set(f.manifest.shard.index, f);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    throw new DataError(
      `${missing.map((k) => shardName({ index: k, count })).join(", ")} ${missing.length === 1 ? "is" : "are"} missing ` +
        `(given: ${folders.map((f) => `${f.manifest.shard.index} in ${f.dir}`).join(", ")}). Pass every shard's folder.`,
    );
  }
  for (const f of folders) {
    if (f.manifest.model.fingerprint !== first.manifest.model.fingerprint) {
      throw new DataError(
        `${shardName(f.manifest.shard)} (${f.dir}) was made by adapter ${f.manifest.model.fingerprint}, ` +
          `${shardName(first.manifest.shard)} (${first.dir}) by ${first.manifest.model.fingerprint}: shards of one merge must use one model and one set of generation settings.`,
      );
    }
    const names = Object.keys(f.manifest.benchmarks).sort().join(",");
    const firstNames = Object.keys(first.manifest.benchmarks).sort().join(",");
    if (names !== firstNames || f.manifest.limit !== first.manifest.limit) {
      throw new DataError(
        `${shardName(f.manifest.shard)} (${f.dir}) ran ${names}${f.manifest.limit !== null ? ` with --limit ${f.manifest.limit}` : ""}, ` +
          `${shardName(first.manifest.shard)} (${first.dir}) ran ${firstNames}${first.manifest.limit !== null ? ` with --limit ${first.manifest.limit}` : ""}: shards must run the same benchmarks.`,
      );
    }
    for (const [name, entry] of Object.entries(f.manifest.benchmarks)) {
      if (entry.fingerprint !== first.manifest.benchmarks[name]!.fingerprint) {
        throw new DataError(
          `${shardName(f.manifest.shard)} (${f.dir}) read a different ${name} sample set than ${shardName(first.manifest.shard)} (${first.dir}) ` +
            `(fingerprints ${entry.fingerprint} and ${first.manifest.benchmarks[name]!.fingerprint}): every shard must read the same data.`,
        );
      }
    }
  }
  return [...byIndex.values()].sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
}

/**
 * Each sample's one answer, gathered from the shards' predictions.jsonl. The data read here
 * must be the data the shards read; a sample with no answer in any shard, or with answers in
 * two, is exit 2 naming the shard it belongs to, its folder and a few ids.
 */
export function gatherAnswers(
  folders: readonly ShardFolder[],
  samplesByBenchmark: ReadonlyMap<string, readonly Sample[]>,
  log: (message: string) => void = () => {},
): PredictionRecord[] {
  const { count } = folders[0]!.manifest.shard;
  const fingerprint = folders[0]!.manifest.model.fingerprint;
  for (const [name, samples] of samplesByBenchmark) {
    const expected = folders[0]!.manifest.benchmarks[name]!.fingerprint;
    if (sampleSetFingerprint(samples) !== expected) {
      throw new DataError(
        `${name}: the data read for the merge is not the sample set the shards answered (fingerprint ${sampleSetFingerprint(samples)}, shards ${expected}). ` +
          `Pass --data with the folder the shards used (they recorded ${folders[0]!.manifest.data ?? "the bundled mini sets"}).`,
      );
    }
  }
  const answers = new Map<string, { record: PredictionRecord; shard: number }>();
  const doubled = new Map<string, string[]>();
  for (const { dir, manifest } of folders) {
    const seen = new Set<string>();
    for (const record of readPredictions(path.join(dir, PREDICTIONS_FILE), { warn: log })) {
      if (record.adapter !== fingerprint || !samplesByBenchmark.has(record.benchmark)) continue;
      const key = `${record.benchmark}\u0000${record.id}\u0000${record.prompt_sha}`;
      if (seen.has(key)) continue; // a resumed shard's own repeat cannot happen, but one answer is one answer
      seen.add(key);
      const other = answers.get(key);
      if (other !== undefined) {
        const where = `${record.benchmark} (${shardName(folders[other.shard]!.manifest.shard)} in ${folders[other.shard]!.dir} and ${shardName(manifest.shard)} in ${dir})`;
        doubled.set(where, [...(doubled.get(where) ?? []), record.id]);
        continue;
      }
      answers.set(key, { record, shard: manifest.shard.index });
    }
  }
  if (doubled.size > 0) {
    const [where, ids] = [...doubled.entries()][0]!;
    throw new DataError(
      `samples answered twice, in ${where}: ${few(ids)}. Each sample belongs to one shard; were two shards given the same --shard?`,
    );
  }
  const merged: PredictionRecord[] = [];
  for (const [name, samples] of samplesByBenchmark) {
    const shas = new Map<string, string>();
    const ids: string[] = [];
    for (const sample of samples) {
      let sha = shas.get(sample.prompt);
      if (sha === undefined) shas.set(sample.prompt, (sha = promptSha(sample.prompt)));
      const found = answers.get(`${name}\u0000${sample.id}\u0000${sha}`);
      if (found !== undefined) merged.push(found.record);
      else ids.push(sample.id);
    }
    if (ids.length > 0) {
      // Name the shard each missing sample belongs to: that is the one to rerun.
      const owner = folders.find((f) => shardSamples(samples, f.manifest.shard.index, count).some((s) => s.id === ids[0]))!;
      throw new DataError(
        `${name}: ${ids.length} sample${ids.length === 1 ? " has" : "s have"} no answer in any shard, e.g. ${few(ids)} ` +
          `(the first belongs to ${shardName(owner.manifest.shard)}, in ${owner.dir}). Rerun that shard with the same --out to finish it, then merge again.`,
      );
    }
  }
  return merged;
}
