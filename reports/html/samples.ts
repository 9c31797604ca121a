import pLimit from "p-limit";
import sharp from "sharp";
import { promptSha } from "../../src/store.js";
import type { Benchmark, Sample } from "../../src/types.js";
import { modelLabel } from "../columns.js";
import type { ReportSource } from "../sources.js";
import type { PairComparison } from "./compare-data.js";
import { flippedToInclude, reportPairs } from "./pairs.js";
import { THUMBNAIL_PX } from "./report.js";
import type { ReportData, ReportSample } from "./report-data.js";

export interface ReportSampleOptions {
  /** The benchmark registry: each benchmark's `describeTarget` puts its ground truth in words. */
  benchmarks?: readonly Benchmark[];
  /** A benchmark's samples (prompts and images), or null when its data is not at hand. */
  loadSamples?: (benchmark: string) => Promise<Sample[] | null>;
  /** Samples per benchmark in the page (default 500): a full VQAv2 run would not fit. */
  limit?: number;
  /**
   * `#compare`: the gate's comparison of every ordered pair of runs (compare-data.ts). Their
   * flipped samples (the first `limit` per pair and benchmark) are held beyond `limit`.
   */
  pairs?: readonly PairComparison[];
  /** Thumbnail bounding box in pixels (default THUMBNAIL_PX, the size the page shows them at). */
  thumbnailSize?: number;
  /**
   * Relevancy overlays (`table --explain DIR`) as PNG data URLs, by overlayKey(model, benchmark, id):
   * shown beside the thumbnail of the samples that have one.
   */
  overlays?: ReadonlyMap<string, string>;
}

/** The key of one overlay: the model as `KIND:NAME` (explain.json's `model`), the benchmark and the sample id. */
export const overlayKey = (model: string, benchmark: string, id: string): string => `${model}\u0000${benchmark}\u0000${id}`;

export const DEFAULT_REPORT_SAMPLES = 500;

/**
 * The sample browser's data: one row per sample with every model's scored item (items.jsonl) and
 * raw output (predictions.jsonl) and, when the benchmark's data can be loaded, the prompt and a
 * small JPEG thumbnail of the first image. A prompt is shown only when it is the one the answer was
 * given for (same prompt hash), so data from another release is never paired with an answer.
 */
export async function collectReportData(
  sources: readonly ReportSource[],
  options: ReportSampleOptions = {},
): Promise<{ data: ReportData; notes: string[] }> {
  const limit = options.limit ?? DEFAULT_REPORT_SAMPLES;
  const include = flippedToInclude(options.pairs ?? [], limit);
  const notes: string[] = [];
  const benchmarks = [...new Set(sources.flatMap((s) => Object.keys(s.results.benchmarks)))];
  const benchmarkIndex = new Map(benchmarks.map((b, i) => [b, i]));
  const samplesByBenchmark = new Map<string, Map<string, Sample>>();
  for (const name of benchmarks) {
    const samples = (await options.loadSamples?.(name)) ?? null;
    if (samples !== null) samplesByBenchmark.set(name, new Map(samples.map((s) => [s.id, s])));
  }
  if (samplesByBenchmark.size < benchmarks.length) {
    const missing = benchmarks.filter((b) => !samplesByBenchmark.has(b));
    notes.push(
      `No prompts or images for ${missing.join(", ")} in the sample browser (their data folder was not given or could not be read; \`vlm-bench table --data DIR\`).`,
    );
  }

  const imageKeys = new Map<string, string>();
  const overlayImages: Record<string, string> = {};
  const rows = new Map<string, ReportSample>();
  const perBenchmark = new Map<string, number>();
  let promptMismatches = 0;
  let truncated = false;
  const overlayOf = (source: ReportSource, benchmark: string, id: string): { ov?: string } => {
    const { adapter, name } = source.results.model;
    const url = options.overlays?.get(overlayKey(`${adapter}:${name}`, benchmark, id));
    if (url === undefined) return {};
    const key = `o${Object.keys(overlayImages).length}`;
    overlayImages[key] = url;
    return { ov: key };
  };
  sources.forEach((source, m) => {
    const outputs = source.outputs ?? new Map();
    for (const item of source.items ?? []) {
      const key = `${item.benchmark}\u0000${item.id}`;
      let row = rows.get(key);
      const record = outputs.get(key);
      let sample = samplesByBenchmark.get(item.benchmark)?.get(item.id);
      // An answer file that gave no prompt (`score`, prompt_sha ""): the sample is known by its id, the prompt sent is not.
      const promptUnknown = record?.prompt_sha === "";
      if (sample !== undefined && record !== undefined && !promptUnknown && promptSha(sample.prompt) !== record.prompt_sha) {
        promptMismatches++;
        sample = undefined;
      }
      const target = targetText(options.benchmarks, item.benchmark, item.target, sample);
      if (row === undefined) {
        const count = perBenchmark.get(item.benchmark) ?? 0;
        if (count >= limit && include.get(item.benchmark)?.has(item.id) !== true) {
          truncated = true;
          continue;
        }
        perBenchmark.set(item.benchmark, count + 1);
        const image = sample?.images[0];
        if (image !== undefined && !imageKeys.has(image)) imageKeys.set(image, `i${imageKeys.size}`);
        row = {
          b: benchmarkIndex.get(item.benchmark)!,
          id: item.id,
          g: groupOf(item.meta),
          prompt: promptUnknown ? null : (sample?.prompt ?? null),
          target,
          img: image !== undefined ? imageKeys.get(image)! : null,
          a: sources.map(() => null),
        };
        rows.set(key, row);
      } else if (row.prompt === null && sample !== undefined && !promptUnknown) {
        // the first model's answer was for another prompt; this one's matches the data (and its
        // target reads better with the sample at hand, e.g. MMVP's option text)
        row.prompt = sample.prompt;
        row.target = target;
        const image = sample.images[0];
        if (image !== undefined && !imageKeys.has(image)) imageKeys.set(image, `i${imageKeys.size}`);
        row.img = image !== undefined ? imageKeys.get(image)! : null;
      }
      row.a[m] = {
        o: record?.text ?? null,
        p: item.parsed,
        c: item.correct ?? null,
        ...(item.score !== undefined ? { s: item.score } : {}),
        ...overlayOf(source, item.benchmark, item.id),
        ...(target !== row.target ? { t: target } : {}),
      };
    }
    if (source.items === undefined)
      notes.push(`${modelLabel(source.results)}: no items.jsonl next to ${source.file}, so no samples in the browser.`);
  });
  if (options.overlays !== undefined && options.overlays.size > 0 && Object.keys(overlayImages).length === 0) {
    notes.push(
      `None of the ${options.overlays.size} relevancy overlays (--explain) is for a model and sample of these runs: explain.json names models as KIND:NAME, as the runs' adapter:name.`,
    );
  }
  if (truncated) notes.push(`The sample browser holds the first ${limit} samples per benchmark (\`table --samples N\` for more).`);
  if (promptMismatches > 0) {
    notes.push(
      `${promptMismatches} answers were given for a different prompt than the data folder now makes: their prompts and images are not shown.`,
    );
  }
  const images = { ...(await thumbnails(imageKeys, options.thumbnailSize ?? THUMBNAIL_PX)), ...overlayImages };
  const samples = [...rows.values()];
  const pairs =
    options.pairs !== undefined && options.pairs.length > 0 ? { pairs: reportPairs(options.pairs, benchmarks, samples, limit) } : {};
  return {
    data: {
      models: sources.map((s) => ({ label: modelLabel(s.results), outputs: s.outputs !== undefined })),
      benchmarks,
      images,
      samples,
      ...pairs,
    },
    notes,
  };
}

/** The meta fields that name a sample's split, task or category (items.jsonl), in order of preference. */
const GROUP_KEYS = ["split", "task", "category", "answer_type", "structural", "subject", "capabilities"];

/** The sample's split/task/category for the browser's filter, from its scored item's meta. */
function groupOf(meta: Record<string, unknown> | undefined): string | null {
  for (const key of GROUP_KEYS) {
    const value = meta?.[key];
    if (typeof value === "string" && value !== "") return value;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(",");
  }
  return null;
}

/** The benchmark's own words for a target; JSON when it declares none or the stored target is not its shape. */
function targetText(
  registry: readonly Benchmark[] | undefined,
  benchmark: string,
  target: unknown,
  sample: Sample | undefined,
): string | null {
  if (target === undefined || target === null) return null;
  const describe = registry?.find((b) => b.name === benchmark)?.describeTarget;
  if (describe !== undefined) {
    try {
      return describe(target, sample);
    } catch {
      // a target written by another version: shown as stored
    }
  }
  return typeof target === "string" ? target : JSON.stringify(target);
}

/** Small JPEG data URLs; an image that cannot be decoded simply has no thumbnail. */
async function thumbnails(keys: ReadonlyMap<string, string>, size: number): Promise<Record<string, string>> {
  const limit = pLimit(4);
  const images: Record<string, string> = {};
  await Promise.all(
    [...keys].map(([file, key]) =>
      limit(async () => {
        try {
          const jpeg = await sharp(file)
            .rotate()
            .resize(size, size, { fit: "inside", withoutEnlargement: true })
            .jpeg({ quality: 70 })
            .toBuffer();
          images[key] = `data:image/jpeg;base64,${jpeg.toString("base64")}`;
        } catch {
          // no thumbnail: the row still shows prompt, output and answer
        }
      }),
    ),
  );
  return images;
}
