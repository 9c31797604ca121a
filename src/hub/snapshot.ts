/**
 * Finds a Hugging Face dataset snapshot in a folder, in either of the two layouts `hf download`
 * leaves: `--local-dir DIR` (files in DIR, the commit in DIR/.cache/huggingface/download/*.metadata)
 * or the hub cache (DIR/…/hub/datasets--<org>--<name>/snapshots/<commit>/…).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { DataError } from "../errors.js";

export interface HubSnapshot {
  /** The folder the repository's files sit in (data/…, <config>/…). */
  root: string;
  /** `org/name`, when the cache path says it. */
  repository?: string;
  /** The commit the files came from, when the cache path or the download metadata says it. */
  revision?: string;
  /** Every parquet file, relative to root, with `/` separators, sorted. */
  files: string[];
}

/** How deep below a benchmark folder the cache's `datasets--…` folder or the parquet files may sit. */
const DEPTH = 4;

export async function findHubSnapshot(dir: string): Promise<HubSnapshot | null> {
  const cacheRepo = await findCacheRepo(dir);
  if (cacheRepo !== null) return fromCache(cacheRepo);
  const files = await parquetFiles(dir);
  if (files.length === 0) return null;
  return { root: dir, files, ...(await localDirRevision(dir, files)) };
}

/**
 * The shards of one split of one config: `<folder>/<split>-00000-of-00003[-<hash>].parquet`
 * (`hf download`), or `<folder>/<split>/0000.parquet` (the hub's parquet conversion branch).
 * The folder is `data` for a dataset's default config and the config's name otherwise.
 */
export function splitShards(snapshot: HubSnapshot, folder: string, split: string): string[] {
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const named = new RegExp(`^${escaped(folder)}/${escaped(split)}-(\\d{5})-of-\\d{5}(-[0-9a-f]+)?\\.parquet$`);
  const converted = new RegExp(`^${escaped(folder)}/${escaped(split)}/(\\d+)\\.parquet$`);
  const shards = snapshot.files.filter((f) => named.test(f) || converted.test(f));
  const index = (f: string) => Number((named.exec(f) ?? converted.exec(f))![1]);
  return shards.sort((a, b) => index(a) - index(b)).map((f) => path.join(snapshot.root, ...f.split("/")));
}

/** `org/name` → datasets--org--name (the hub cache's folder name). */
const cacheName = /^datasets--(.+?)--(.+)$/;

async function findCacheRepo(dir: string): Promise<string | null> {
  let level = [dir];
  for (let depth = 0; depth <= DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (cacheName.test(path.basename(folder)) && (await isDir(path.join(folder, "snapshots")))) return folder;
      for (const entry of (await readdir(folder).catch(() => [] as string[])).sort()) {
        if (entry === ".cache" || entry.startsWith(".")) continue;
        const full = path.join(folder, entry);
        if (await isDir(full)) next.push(full);
      }
    }
    level = next;
  }
  return null;
}

async function fromCache(repoDir: string): Promise<HubSnapshot> {
  const [, org, name] = cacheName.exec(path.basename(repoDir))!;
  const repository = `${org}/${name}`;
  const commits = (await readdir(path.join(repoDir, "snapshots"))).sort();
  const main = (await readFile(path.join(repoDir, "refs", "main"), "utf8").catch(() => "")).trim();
  const revision = commits.includes(main) ? main : commits.length === 1 ? commits[0]! : undefined;
  if (revision === undefined) {
    throw new DataError(
      `${repoDir}: the hub cache holds ${commits.length} snapshots of ${repository} (${commits.join(", ")}) and refs/main names none of them; ` +
        `point --data at one snapshot folder (…/snapshots/<commit>) or download again with hf download.`,
      { file: repoDir },
    );
  }
  const root = path.join(repoDir, "snapshots", revision);
  return { root, repository, revision, files: await parquetFiles(root) };
}

async function parquetFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, rel: string, depth: number): Promise<void> => {
    if (depth > DEPTH) return;
    for (const entry of (await readdir(folder).catch(() => [] as string[])).sort()) {
      if (entry.startsWith(".")) continue; // .cache/huggingface holds metadata, never data
      const full = path.join(folder, entry);
      const relative = rel === "" ? entry : `${rel}/${entry}`;
      if (await isDir(full)) await walk(full, relative, depth + 1);
      else if (entry.endsWith(".parquet")) out.push(relative);
    }
  };
  await walk(root, "", 0);
  return out.sort();
}

/**
 * `hf download --local-dir` writes `.cache/huggingface/download/<file>.metadata` per file:
 * the commit hash on line 1, then the etag and a timestamp.
 */
async function localDirRevision(root: string, files: readonly string[]): Promise<{ revision?: string }> {
  const commits = new Set<string>();
  for (const file of files) {
    const text = await readFile(path.join(root, ".cache", "huggingface", "download", ...`${file}.metadata`.split("/")), "utf8").catch(
      () => null,
    );
    const commit = text?.split("\n")[0]?.trim();
    if (commit !== undefined && /^[0-9a-f]{40}$/.test(commit)) commits.add(commit);
  }
  // Files from different commits: no single revision to report.
  return commits.size === 1 ? { revision: [...commits][0]! } : {};
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}
