import { mkdirSync } from "node:fs";
import path from "node:path";
import { summarizeFailures } from "./failure-summary.js";
import { JUDGE_FILE } from "./judge/cache.js";
import { removeLeftoverTemps } from "./leftover-temps.js";
import { PREDICTIONS_FILE, previousResults, RESULTS_FILE, startResults, writeItems, writeResults } from "./run-folder/index.js";
import { scoreOutputs, writeScoredFiles } from "./scoring.js";
import type {
  Benchmark,
  DataProvenance,
  GenerationSettings,
  Judge,
  PartialResult,
  ResultsFile,
  Sample,
  SpeedStats,
  TokenPrices,
  TokenUsage,
} from "./types.js";

/** Who answered: results.json's `model` (label: a config file's row name). */
export interface ScoredModel {
  adapter: string;
  name: string;
  fingerprint: string;
  settings: GenerationSettings;
  label?: string;
  /** USD per million tokens (a config file's `prices`), recorded so reports can show the cost. */
  prices?: TokenPrices;
}

/** One benchmark's answers, ready to score. */
export interface ScoreJob {
  benchmark: Benchmark;
  /** Every sample loaded (a submission file lists them all); only those with an output are scored. */
  samples: readonly Sample[];
  /** Raw model output by sample id. */
  outputs: ReadonlyMap<string, string>;
  /** Samples whose model call failed (counted in `failed`, not scored). */
  failed?: number;
  /** results.json's speed entry, given the previous one for this benchmark (only `run` has speed). */
  speed?: (previous: SpeedStats | undefined) => SpeedStats;
  /** Where the data came from (layout, repository, revision, file checksums), recorded in results.json. */
  provenance?: DataProvenance;
  /** Set when only part of the benchmark is scored (`--limit`, missing answers): recorded, and never kept over a complete result. */
  partial?: PartialResult;
  /** The model's tokens over the answers in `outputs` (see BenchmarkResult.usage). */
  usage?: TokenUsage;
}

/**
 * The one score-and-write path of `run` and `score`: a run folder being written, one benchmark
 * at a time. Each benchmark is parsed and scored, then its files, results.json and its lines of
 * items.jsonl are written at once, so a later failure never loses a finished benchmark; what the
 * folder held for the same model (other benchmarks, factors, label) is carried over.
 */
export class RunWriter {
  private constructor(
    readonly outDir: string,
    readonly results: ResultsFile,
    /** The same model's results found in the folder, to resume from. */
    readonly previous: ResultsFile | null,
    private readonly log: (message: string) => void,
  ) {}

  static open(outDir: string, model: ScoredModel, factors: Record<string, string>, log: (message: string) => void = () => {}): RunWriter {
    mkdirSync(outDir, { recursive: true });
    removeLeftoverTemps(outDir, log);
    const previous = previousResults(outDir, model.fingerprint);
    return new RunWriter(outDir, startResults(model, previous, factors), previous, log);
  }

  /** Writes results.json as it stands (e.g. `score` when no benchmark could be graded: the folder still gets one). */
  save(): void {
    writeResults(this.outDir, this.results);
  }

  /**
   * Scores and writes one benchmark. Returns null when written, else why not: the judge could
   * not grade more answers than `maxFailed` allows (its replies so far stay cached, so a rerun
   * asks it only what is missing); nothing of the benchmark is then written.
   */
  async score(job: ScoreJob, options: { judge?: Judge; maxFailed?: number } = {}): Promise<string | null> {
    const { benchmark, samples } = job;
    const kept = this.results.benchmarks[benchmark.name];
    if (job.partial !== undefined && kept !== undefined && kept.partial === undefined) {
      this.log(keptComplete(benchmark.name, kept.n, job.partial, this.outDir));
      return null;
    }
    const scored = await scoreOutputs(benchmark, samples, job.outputs, job.failed ?? 0, { judge: options.judge });
    if (scored.failures.length > 0 && scored.entry.failed > (options.maxFailed ?? 0)) {
      const shown = summarizeFailures(scored.failures);
      return (
        `${benchmark.name}: the judge could not grade ${scored.failures.length} of ${samples.length} answers (${shown}); ` +
        `the judge's replies so far are saved in ${path.join(this.outDir, JUDGE_FILE)} and a rerun with the same --out asks it only what is missing`
      );
    }
    if (benchmark.judge === "required" && options.judge === undefined) {
      this.log(
        `${benchmark.name}: not scored — it is graded by an LLM judge; pass --judge ADAPTER:NAME (answers are saved, a rerun with --judge only asks the judge).`,
      );
    }
    if (scored.entry.note !== undefined) this.log(`${benchmark.name}: ${scored.entry.note}`);
    writeScoredFiles(this.outDir, scored);
    const speed = job.speed?.(this.previous?.benchmarks[benchmark.name]?.speed);
    this.results.benchmarks[benchmark.name] = {
      ...scored.entry,
      ...(speed === undefined ? {} : { speed }),
      ...(job.provenance === undefined ? {} : { provenance: job.provenance }),
      ...(job.partial === undefined ? {} : { partial: job.partial }),
      ...(job.usage === undefined ? {} : { usage: job.usage }),
    };
    writeResults(this.outDir, this.results);
    // items.jsonl holds this model's items only: the benchmarks of the results.json just written.
    writeItems(this.outDir, new Map([[benchmark.name, scored.items]]), (name) => this.results.benchmarks[name] !== undefined);
    return null;
  }
}

/** The log line of a subset run that found a complete result: what was kept, what was not, and where the answers are. */
function keptComplete(name: string, n: number, partial: PartialResult, outDir: string): string {
  const cut = partial.limit !== undefined ? ` (--limit ${partial.limit})` : "";
  return (
    `${name}: kept the complete result already in ${path.join(outDir, RESULTS_FILE)} (n=${n}); this run covered ${partial.n} of ` +
    `${partial.of} samples${cut}, and a partial result never replaces a complete one. Its answers are saved in ` +
    `${path.join(outDir, PREDICTIONS_FILE)}; use another --out to see its numbers.`
  );
}
