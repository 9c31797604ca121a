/**
 * One benchmark folder may hold the official release files or a Hugging Face snapshot (parquet).
 * `withLayouts` puts a dispatch point in front of a benchmark's official loader: official files
 * first, else the snapshot reader the benchmark supplies. Either way the caller may learn where
 * the samples came from (DataProvenance) for results.json.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { UsageError } from "./errors.js";
import { ImageStore } from "./hub/image-store.js";
import { openShard } from "./hub/parquet.js";
import { checkUniqueIds } from "./hub/rows.js";
import { findHubSnapshot, type HubSnapshot } from "./hub/snapshot.js";
import { locate, neededFiles } from "./locate.js";
import type { DataProvenance, LoadOptions, RequiredFile, Sample } from "./types.js";

export interface HubLoadResult<T> {
  samples: Sample<T>[];
  /** Absolute paths of the parquet files read. */
  files: string[];
  config?: string;
  split?: string;
  /** `row` when the snapshot carries no official ids and samples are numbered by row (ScienceQA). */
  ids?: "official" | "row";
}

/** A benchmark's reader for its Hugging Face dataset: null when the snapshot holds none of its shards. */
export type HubReader<T> = (
  snapshot: HubSnapshot,
  options: LoadOptions & { images: ImageStore; dir: string },
) => Promise<HubLoadResult<T> | null>;

export type Loader<T> = (dir: string, options?: LoadOptions) => Promise<Sample<T>[]>;

/** A benchmark's reader for its VLMEvalKit TSV (`file`, e.g. POPE.tsv, found under the benchmark folder). */
export interface TsvLayout<T> {
  file: string;
  /** `dir` is the benchmark folder: official annotations beside the TSV may supply ids it lacks. */
  read(
    file: string,
    options: LoadOptions & { images: ImageStore; dir: string },
  ): Promise<{ samples: Sample<T>[]; ids: "official" | "row" }>;
}

/** A named subset of a benchmark's samples (POPE's `llava`): the samples to keep, or a DataError. */
export type Subset<T> = (samples: Sample<T>[], dir: string) => Promise<Sample<T>[]>;

export interface Layouts<T> {
  hub?: HubReader<T>;
  tsv?: TsvLayout<T>;
  subsets?: Readonly<Record<string, Subset<T>>>;
}

export type LayoutKind = "official" | "hub" | "tsv";

/**
 * The benchmark's load(): the official loader when the folder holds the official annotation
 * files (or no snapshot), the hub reader when it holds a snapshot instead.
 */
export function withLayouts<T>(official: Loader<T>, files: readonly RequiredFile[], layouts: Layouts<T>): Loader<T> {
  return async (dir, options = {}) => {
    const subset = chooseSubset(layouts, options.subset);
    const { samples, provenance } = await loadAny(official, files, layouts, dir, options);
    const chosen = subset === undefined ? samples : await subset(samples, dir);
    if (options.onProvenance !== undefined) {
      options.onProvenance({
        ...(await provenance()),
        ...(subset === undefined ? {} : { subset: options.subset }),
        sample_set: sampleSet(chosen),
      });
    }
    return chosen;
  };
}

function chooseSubset<T>(layouts: Layouts<T>, name: string | undefined): Subset<T> | undefined {
  if (name === undefined) return undefined;
  const subset = layouts.subsets?.[name];
  if (subset === undefined) {
    const known = Object.keys(layouts.subsets ?? {});
    throw new UsageError(
      `unknown sample subset "${name}"${known.length === 0 ? ": this benchmark has none" : `; known: ${known.join(", ")}`}.`,
    );
  }
  return subset;
}

type PartialProvenance = Omit<DataProvenance, "sample_set">;

/** Official files when complete, else a snapshot, else a TSV, else the official loader's own missing-files error. */
async function loadAny<T>(
  official: Loader<T>,
  files: readonly RequiredFile[],
  layouts: Layouts<T>,
  dir: string,
  options: LoadOptions,
): Promise<{ samples: Sample<T>[]; provenance: () => Promise<PartialProvenance> }> {
  const officialComplete = await hasOfficialFiles(dir, files, options.annotationsOnly ?? false);
  const images = () => options.imageStore ?? new ImageStore();
  const snapshot = officialComplete || layouts.hub === undefined ? null : await findHubSnapshot(dir);
  if (snapshot !== null && layouts.hub !== undefined) {
    const read = await layouts.hub(snapshot, { ...options, images: images(), dir });
    if (read !== null) {
      return {
        samples: read.samples,
        provenance: async () => ({
          layout: "hub",
          ...(snapshot.repository === undefined ? {} : { repository: snapshot.repository }),
          ...(snapshot.revision === undefined ? {} : { revision: snapshot.revision }),
          ...(read.config === undefined ? {} : { config: read.config }),
          ...(read.split === undefined ? {} : { split: read.split }),
          ...(read.ids === undefined ? {} : { ids: read.ids }),
          files: await checksums(read.files, snapshot.root),
        }),
      };
    }
  }
  if (!officialComplete && layouts.tsv !== undefined) {
    const { found } = await locate(dir, [{ name: layouts.tsv.file, kind: "file", description: "" }]);
    const file = found.get(layouts.tsv.file);
    if (file !== undefined) {
      const read = await layouts.tsv.read(file, { ...options, images: images(), dir });
      checkUniqueIds(read.samples, [file]);
      return { samples: read.samples, provenance: async () => ({ layout: "tsv", ids: read.ids, files: await checksums([file], dir) }) };
    }
  }
  const samples = await official(dir, options);
  return {
    samples,
    provenance: async () => {
      const { found } = await locate(
        dir,
        files.filter((f) => f.kind === "file"),
      );
      return { layout: "official", files: await checksums([...found.values()], dir) };
    },
  };
}

/** Which layout a folder holds, for `datasets check`: official, hub (with rows per config/split), or neither. */
export async function describeLayout(
  dir: string,
  files: readonly RequiredFile[],
  tsvFile?: string,
): Promise<{ kind: LayoutKind | null; lines: string[] }> {
  // As withLayouts chooses for a run: complete official files first, then a snapshot.
  const official = { kind: "official" as const, lines: ["  layout   official release files"] };
  if (await hasOfficialFiles(dir, files, false)) return official;
  const snapshot = await findHubSnapshot(dir);
  if (snapshot === null) {
    // A run reads a TSV before annotations without images (GQA's questions, ScienceQA's problems
    // beside the TSV only supply its ids), so check does too.
    const { found } =
      tsvFile === undefined ? { found: new Map<string, string>() } : await locate(dir, [{ name: tsvFile, kind: "file", description: "" }]);
    const tsv = tsvFile === undefined ? undefined : found.get(tsvFile);
    if (tsv !== undefined) return { kind: "tsv", lines: [`  layout   VLMEvalKit TSV ${tsv}`] };
    return (await hasOfficialFiles(dir, files)) ? official : { kind: null, lines: [] };
  }
  const where = [
    snapshot.repository ?? "repository not recorded",
    snapshot.revision === undefined ? "revision unknown" : `revision ${snapshot.revision}`,
  ];
  const lines = [`  layout   Hugging Face snapshot in ${snapshot.root} (${where.join(", ")})`];
  const rows = new Map<string, number>();
  for (const file of snapshot.files) {
    const shard = await openShard(`${snapshot.root}/${file}`);
    const parts = file.split("/");
    const folder = parts.length > 1 ? parts.slice(0, -1).join("/") : ".";
    const split = parts[parts.length - 1]!.replace(/-\d{5}-of-\d{5}(-[0-9a-f]+)?\.parquet$/, "").replace(/\.parquet$/, "");
    const key = `config ${folder === "data" ? "default" : folder}, split ${split}`;
    rows.set(key, (rows.get(key) ?? 0) + shard.rows);
  }
  for (const [key, n] of rows) lines.push(`  rows     ${key}: ${n}`);
  return { kind: "hub", lines };
}

/** Official files complete for this use (images too, unless only re-scoring): they win over a snapshot beside them. */
async function hasOfficialFiles(dir: string, files: readonly RequiredFile[], annotationsOnly = true): Promise<boolean> {
  const { found } = await locate(dir, files);
  return neededFiles(files, found, { annotationsOnly }).missing.length === 0;
}

/** sha256 of each file (streamed), with its path relative to the folder it was found in. */
async function checksums(files: readonly string[], root: string): Promise<DataProvenance["files"]> {
  const out: DataProvenance["files"] = [];
  for (const file of files) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
    const relative = file.startsWith(root) ? file.slice(root.length).replace(/^[\\/]+/, "") : file;
    out.push({ path: relative.split("\\").join("/"), sha256: hash.digest("hex") });
  }
  return out;
}

/** The sample set as one digest: equal digests mean equal sets of ids, whatever their order. */
export function sampleSet(samples: readonly { id: string }[]): DataProvenance["sample_set"] {
  const ids = samples.map((s) => s.id).sort();
  return { n: ids.length, sha256: createHash("sha256").update(ids.join("\n")).digest("hex") };
}
