import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { gridColumns } from "../../reports/columns.js";
import { markdownGrid } from "../../reports/markdown.js";
import { type AnswerFile, findAnswer, readAnswerFile, type SavedAnswer } from "../../src/answers.js";
import { DataError, RunIncompleteError, UsageError } from "../../src/errors.js";
import { PREDICTIONS_FILE, type PredictionRecord, RESULTS_FILE } from "../../src/run-folder/index.js";
import { RunWriter } from "../../src/score-and-write.js";
import { PredictionStore, promptSha } from "../../src/store.js";
import type {
  Benchmark,
  DataProvenance,
  GenerationSettings,
  Judge,
  PartialResult,
  ResultsFile,
  Sample,
  TokenUsage,
} from "../../src/types.js";
import { sumUsage } from "../../src/usage.js";
import { createJudge, type JudgeOptions } from "../judge-option.js";
import { optionOf } from "../option-def.js";
import { CONNECTION_OPTIONS } from "../options.js";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";
import { defaultOutDir, parseFactors, writeRunSummary } from "./run.js";

export interface ScoreOptions
  extends Pick<JudgeOptions, "judge" | "judgeBaseUrl" | "judgeApiKeyEnv" | "judgeRuns" | "timeout" | "retries" | "concurrency"> {
  predictions: string;
  bench?: string;
  data?: string;
  out?: string;
  factor?: string[];
  /** Which model's answers, when a predictions.jsonl holds several (its `adapter` field). */
  fingerprint?: string;
  /** `--pope-set llava`: score POPE on LLaVA's llava_pope_test.jsonl subset. */
  popeSet?: string;
}

/**
 * `vlm-bench score`: re-scores saved answers (our predictions.jsonl or a LLaVA answer file)
 * against the annotation files only, through `run`'s score-and-write path (src/score-and-write.ts),
 * and writes results.json, items.jsonl, table.md (and any benchmark files) into --out, without
 * speed. `extra.judge` is a judge a caller supplies instead of --judge (it is not closed here).
 */
export async function scoreCommand(options: ScoreOptions, extra: { judge?: Judge } = {}): Promise<ResultsFile> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const answers = await readAnswerFile(path.resolve(options.predictions));
  const chosen = chooseBenchmarks(options.bench, answers);
  const model = identifyModel(answers, chosen, options.fingerprint);

  // Load and match everything before writing anything: bad input exits 2 with --out untouched.
  const jobs: {
    benchmark: Benchmark;
    samples: Sample[];
    outputs: Map<string, string>;
    provenance?: DataProvenance;
    partial?: PartialResult;
    usage: TokenUsage;
  }[] = [];
  const records: PredictionRecord[] = [];
  const time = new Date().toISOString();
  for (const benchmark of chosen) {
    const dir = benchmarkDir(options.data === undefined ? undefined : path.resolve(options.data), benchmark);
    if (dir === null) {
      throw new DataError(
        `no data folder for ${benchmark.name} (looked for ${candidateDirs(path.resolve(options.data!), benchmark).join(" or ")}). Put its annotation files in DIR/${benchmark.name}/ (see \`vlm-bench datasets\`).`,
      );
    }
    let provenance: DataProvenance | undefined;
    const subset = benchmark.name === "pope" && options.popeSet !== undefined ? { subset: options.popeSet } : {};
    const samples = await benchmark.load(dir, { annotationsOnly: true, onProvenance: (p) => (provenance = p), ...subset });
    const outputs = new Map<string, string>();
    const usages: PredictionRecord["usage"][] = [];
    for (const sample of samples) {
      const answer = findAnswer(answers, sample, model.fingerprint === undefined ? undefined : model.filter);
      if (answer === undefined) continue;
      outputs.set(sample.id, answer.text);
      usages.push(answer.record?.usage);
      records.push(answer.record ?? answerFileRecord(sample, answer, model.id, time));
    }
    if (outputs.size === 0) {
      throw new DataError(
        `${answers.file}: none of its ${answers.records} answers matches a ${benchmark.title} sample in ${dir}. ` +
          `Check --bench, --data and the file (vlm-bench ids like "${samples[0]?.id ?? "…"}", or LLaVA question_id like ${JSON.stringify(samples[0]?.meta.question_id ?? "…")}).`,
        { file: answers.file },
      );
    }
    if (outputs.size < samples.length) {
      log(
        `${benchmark.name}: ${samples.length - outputs.size} of ${samples.length} samples have no answer in ${answers.file}; ` +
          `scoring the ${outputs.size} answered, recorded as a partial result.`,
      );
    }
    const partial = outputs.size < samples.length ? { partial: { n: outputs.size, of: samples.length } } : {};
    jobs.push({ benchmark, samples, outputs, provenance, ...partial, usage: sumUsage(usages) });
  }

  const outDir = path.resolve(options.out ?? defaultOutDir(`score-${model.name}`));
  const writer = RunWriter.open(
    outDir,
    { adapter: model.kind, name: model.name, fingerprint: model.id, settings: model.settings },
    parseFactors(options.factor ?? []),
    log,
  );
  // The answers scored, in predictions.jsonl's one format, so reports show the raw output of a scored run too.
  const store = PredictionStore.open(path.join(outDir, PREDICTIONS_FILE), log);
  try {
    store.appendAll(records);
  } finally {
    store.close();
  }
  // The judge's defaults are run's: its server and key variable, unless --judge-base-url/-api-key-env say otherwise.
  const judge = extra.judge ?? (await createJudge({ baseUrl: DEFAULT_BASE_URL, apiKeyEnv: DEFAULT_API_KEY_ENV, ...options }, outDir, log));
  const unjudged: string[] = [];
  try {
    for (const job of jobs) {
      const notWritten = await writer.score(job, { judge });
      if (notWritten !== null) unjudged.push(notWritten);
    }
  } finally {
    if (extra.judge === undefined) await judge?.close?.();
  }
  writer.save();
  writeRunSummary(outDir, records);
  process.stdout.write(markdownGrid([writer.results], { columns: gridColumns(benchmarks) }));
  log(`results: ${path.join(outDir, RESULTS_FILE)} (per-sample: items.jsonl, answers scored: predictions.jsonl)`);
  if (unjudged.length > 0) throw new RunIncompleteError(`${unjudged.join(". ")}.`);
  return writer.results;
}

/**
 * A predictions.jsonl record for an answer that is not one of ours (a LLaVA answer file): marked
 * as such, without latency; its prompt hash is that of the prompt the file gave (the report pairs
 * the data's prompt and image with it only when they match), or "" when the file gave none.
 */
function answerFileRecord(sample: Sample, answer: SavedAnswer, adapter: string, time: string): PredictionRecord {
  return {
    benchmark: sample.benchmark,
    id: sample.id,
    adapter,
    prompt_sha: answer.prompt === undefined ? "" : promptSha(answer.prompt),
    text: answer.text,
    source: "answer-file",
    time,
  };
}

// The judge's connection defaults are run's, from the options table.
const DEFAULT_BASE_URL = optionOf(CONNECTION_OPTIONS, "baseUrl").default as string;
const DEFAULT_API_KEY_ENV = optionOf(CONNECTION_OPTIONS, "apiKeyEnv").default as string;

/** --bench, or (our own predictions file) every benchmark it holds answers for. */
function chooseBenchmarks(list: string | undefined, answers: AnswerFile): Benchmark[] {
  if (list !== undefined && list.trim() !== "") return selectBenchmarks(list);
  if (answers.ours.size === 0) {
    throw new UsageError(
      `score needs --bench B for a LLaVA answer file (${answers.file}): its question ids do not say which benchmark they belong to.`,
    );
  }
  const names = new Set([...answers.ours.keys()].map((key) => key.split("\u0000")[0]!));
  return selectBenchmarks([...names].join(","));
}

interface ScoredModel {
  kind: string;
  name: string;
  id: string;
  settings: GenerationSettings;
  /** The `adapter` value answers must carry, when the file holds several models'. */
  filter?: string;
  fingerprint?: string;
}

/** Our files name the model by adapter fingerprint; LLaVA's by model_id (else the file name). */
function identifyModel(answers: AnswerFile, chosen: readonly Benchmark[], wanted: string | undefined): ScoredModel {
  const names = new Set(chosen.map((b) => b.name));
  const models = new Set<string>();
  for (const [key, list] of answers.ours) {
    if (names.has(key.split("\u0000")[0]!)) for (const a of list) if (a.model !== undefined) models.add(a.model);
  }
  if (models.size > 0) {
    if (wanted !== undefined && !models.has(wanted)) {
      throw new UsageError(`--fingerprint ${wanted} is not in ${answers.file}; it holds: ${[...models].join(", ")}.`);
    }
    if (wanted === undefined && models.size > 1) {
      throw new UsageError(
        `${answers.file} holds answers of ${models.size} models (${[...models].join(", ")}): choose one with --fingerprint.`,
      );
    }
    const fingerprint = wanted ?? [...models][0]!;
    return { ...fromFingerprint(fingerprint), id: fingerprint, filter: fingerprint, fingerprint };
  }
  const modelIds = new Set(
    [...answers.llava.values()]
      .flat()
      .map((a) => a.model)
      .filter((m) => m !== undefined),
  );
  const name = modelIds.size === 1 ? [...modelIds][0]! : path.basename(answers.file).replace(/\.jsonl?$/, "");
  const digest = answers.sha256.slice(0, 12);
  // LLaVA's eval scripts' defaults: greedy decoding, at most 128 new tokens.
  return { kind: "llava-answers", name, id: `llava-answers:${name}#${digest}`, settings: { maxTokens: 128, temperature: 0, seed: 0 } };
}

/** `kind:name|max_tokens=128|temperature=0|seed=0` → its parts (see adapters/fingerprint.ts). */
function fromFingerprint(fingerprint: string): { kind: string; name: string; settings: GenerationSettings } {
  const match = /^([^:]*):(.*)\|max_tokens=([^|]*)\|temperature=([^|]*)\|seed=([^|]*)$/.exec(fingerprint);
  if (match === null) return { kind: fingerprint.split(":")[0]!, name: fingerprint, settings: { maxTokens: 0, temperature: 0, seed: 0 } };
  return {
    kind: match[1]!,
    name: match[2]!,
    settings: { maxTokens: Number(match[3]), temperature: Number(match[4]), seed: Number(match[5]) },
  };
}
