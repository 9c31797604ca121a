import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RunIncompleteError, VlmBenchError } from "../errors.js";
import type { Progress } from "../progress.js";
import { generateAll } from "../runner.js";
import type { PredictionRecord, PredictionStore } from "../store.js";
import type { ModelAdapter, Sample } from "../types.js";
import type { ExplainMap } from "./file.js";
import { occludedSampleId } from "./grid.js";
import { checkGrid, decodeImage, OCCLUSION_FILL, OccludedImages } from "./occlude.js";
import { answerToken, cellRelevance } from "./relevancy.js";

/** The model answered without the token log-probabilities occlusion needs (and supplied no map of its own). Exit 2. */
export class NoLogprobsError extends VlmBenchError {
  constructor(
    message: string,
    readonly model: string,
  ) {
    super(message, { exitCode: 2 });
  }
}

export interface ExplainOptions {
  adapter: ModelAdapter;
  /** `KIND:NAME` as the user gave it (explain.json's `model`). */
  model: string;
  samples: readonly Sample[];
  grid: number;
  /** Alternatives per token position asked for (the bound when the answer falls out of them). */
  top: number;
  store: PredictionStore;
  concurrency: number;
  signal?: AbortSignal;
  progress?: Progress;
  log?: (message: string) => void;
}

/** Requests per sample and model: the unoccluded one and one per cell. */
export const requestsPerSample = (grid: number) => grid * grid + 1;

/** Before any request: every image decodes and is at least G pixels each way. */
export async function checkImages(samples: readonly Sample[], grid: number): Promise<void> {
  for (const sample of samples) {
    const image = sample.images[0];
    if (image === undefined) throw new VlmBenchError(`sample ${sample.benchmark} ${sample.id} has no image to explain.`);
    checkGrid(await decodeImage(image, `${sample.benchmark} ${sample.id}`), grid, `${sample.benchmark} ${sample.id}`);
  }
}

/**
 * One model's relevancy maps for the samples. The unoccluded requests go first (asking for
 * log-probabilities and for the adapter's own map); a sample whose reply carries a relevancy grid
 * keeps it, the others get one occluded request per cell of their first image. Every request
 * goes through the runner, so it is concurrent, appended to the store as it arrives and never
 * sent twice across reruns (an occluded request's id names its cell).
 */
export async function explainModel(options: ExplainOptions): Promise<ExplainMap[]> {
  const { adapter, samples, grid, store } = options;
  const request = { logprobs: { top: options.top }, explain: true };
  const run = async (batch: readonly Sample[], label: string, maxTokens?: number, via: ModelAdapter = adapter) => {
    const outcome = await generateAll(batch, {
      ...options,
      adapter: via,
      label,
      request: { ...request, ...(maxTokens === undefined ? {} : { maxTokens }) },
    });
    if (outcome.failures.length > 0) {
      const first = outcome.failures[0]!;
      throw new RunIncompleteError(
        `${options.model}: ${outcome.failures.length} of ${batch.length} ${label} requests failed (first: ${first.id}: ${first.message}). ` +
          `The answers so far are saved in ${store.file}; rerun the same command to resume.`,
      );
    }
    return outcome.records;
  };

  const base = await run(samples, "unoccluded");
  const maps: ExplainMap[] = [];
  const toOcclude: { sample: Sample; record: PredictionRecord }[] = [];
  for (const sample of samples) {
    const record = base.get(sample.id)!;
    const common = { benchmark: sample.benchmark, sample: sample.id, model: options.model, answer: record.text };
    if (record.relevancy !== undefined) {
      maps.push({ ...common, method: "adapter", grid: record.relevancy.length, values: record.relevancy, bounded: [] });
    } else if (record.logprobs === undefined) {
      throw new NoLogprobsError(
        `${options.model} answered sample ${sample.benchmark} ${sample.id} without token log-probabilities, which occlusion relevancy needs ` +
          `(and supplied no relevancy map of its own). Answers already in ${store.file} are not asked again: after switching to a server that ` +
          `returns them, use a new --out.`,
        options.model,
      );
    } else toOcclude.push({ sample, record });
  }
  if (toOcclude.length === 0) return maps;

  const scratch = mkdtempSync(path.join(tmpdir(), "vlm-bench-occluded-"));
  try {
    const occluded: Sample[] = [];
    const images = new OccludedImages(scratch);
    for (const { sample } of toOcclude) {
      const files = images.add(await decodeImage(sample.images[0]!, `${sample.benchmark} ${sample.id}`), grid);
      for (const [key, file] of files) {
        const [row, col] = key.split(",").map(Number) as [number, number];
        occluded.push({
          ...sample,
          id: occludedSampleId(sample.id, OCCLUSION_FILL, grid, row, col),
          images: [file, ...sample.images.slice(1)],
        });
      }
    }
    // Each occluded copy is encoded when its request is about to go (the runner skips cells already answered).
    const onDemand: ModelAdapter = {
      ...adapter,
      generate: async (request) => {
        await images.ensure(request.images[0]!);
        return adapter.generate(request);
      },
    };
    // Only the first position's log-probabilities are read: one generated token is enough (and far cheaper for a real model).
    const records = await run(occluded, "occluded", 1, onDemand);
    for (const { sample, record } of toOcclude)
      maps.push(
        occlusionMap(
          sample,
          record,
          grid,
          options.model,
          (row, col) => records.get(occludedSampleId(sample.id, OCCLUSION_FILL, grid, row, col))!,
        ),
      );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // Same order as the samples, whichever method each map came from.
  const order = new Map(samples.map((s, i) => [s.id, i]));
  return maps.sort((a, b) => order.get(a.sample)! - order.get(b.sample)!);
}

function occlusionMap(
  sample: Sample,
  base: PredictionRecord,
  grid: number,
  model: string,
  cell: (row: number, col: number) => PredictionRecord,
): ExplainMap {
  const where = `${model}, sample ${sample.benchmark} ${sample.id}`;
  const answer = answerToken(base.logprobs!);
  if (answer === null)
    throw new VlmBenchError(`${where}: the model's answer is empty (no token), so there is nothing to explain.`, { exitCode: 3 });
  const values: number[][] = [];
  const bounded: [number, number][] = [];
  for (let row = 0; row < grid; row++) {
    values.push([]);
    for (let col = 0; col < grid; col++) {
      const record = cell(row, col);
      const relevance = record.logprobs === undefined ? null : cellRelevance(answer, record.logprobs);
      if (relevance === null) {
        throw new VlmBenchError(
          `${where}: the request with cell (${row}, ${col}) covered came back without log-probabilities for its first token.`,
          { exitCode: 3 },
        );
      }
      values[row]!.push(relevance.value);
      if (relevance.bounded) bounded.push([row, col]);
    }
  }
  return { benchmark: sample.benchmark, sample: sample.id, model, method: "occlusion", grid, values, answer: base.text, bounded };
}
