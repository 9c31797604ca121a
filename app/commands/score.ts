import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { removeLeftoverTemps } from "../../src/leftover-temps.js";
import path from "node:path";
import { markdownGrid } from "../../reports/markdown.js";
import { runSummary } from "../../reports/run-summary.js";
import { findAnswer, readAnswerFile, type AnswerFile } from "../../src/answers.js";
import { DataError, RunIncompleteError, UsageError } from "../../src/errors.js";
import { createJudge, type JudgeOptions } from "../judge-option.js";
import { JUDGE_FILE } from "../../src/judge/cache.js";
import { previousResults, startResults, writeItems, writeResults, type ItemLine } from "../../src/results.js";
import { scoreOutputs, writeScoredFiles } from "../../src/scoring.js";
import type { Benchmark, GenerationSettings, ResultsFile, Sample, ScoreContext } from "../../src/types.js";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";
import { defaultOutDir, parseFactors } from "./run.js";

export interface ScoreOptions extends Pick<JudgeOptions, "judge" | "judgeBaseUrl" | "judgeApiKeyEnv" | "judgeRuns" | "timeout" | "retries" | "concurrency"> {
  predictions: string;
  bench?: string;
  data?: string;
  out?: string;
  factor?: string[];
  /** Which model's answers, when a predictions.jsonl holds several (its `adapter` field). */
  fingerprint?: string;
}

/**
 * `vlm-bench score`: re-scores saved answers (our predictions.jsonl or a LLaVA answer file)
 * against the annotation files only, through the same parse+score path as `run`, and writes
 * results.json, items.jsonl, table.md (and any benchmark files) into --out, without speed.
 * `extra` carries scoring context a caller adds (e.g. a judge) and is passed to every scorer.
 */
export async function scoreCommand(options: ScoreOptions, extra: Omit<ScoreContext, "outputs" | "loaded"> = {}): Promise<ResultsFile> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const answers = await readAnswerFile(path.resolve(options.predictions));
  const chosen = chooseBenchmarks(options.bench, answers);
  const model = identifyModel(answers, chosen, options.fingerprint);

  // Load and match everything before writing anything: bad input exits 2 with --out untouched.
  const jobs: { benchmark: Benchmark; samples: Sample[]; outputs: Map<string, string> }[] = [];
  for (const benchmark of chosen) {
    const dir = benchmarkDir(options.data === undefined ? undefined : path.resolve(options.data), benchmark);
    if (dir === null) {
      throw new DataError(`no data folder for ${benchmark.name} (looked for ${candidateDirs(path.resolve(options.data!), benchmark).join(" or ")}). Put its annotation files in DIR/${benchmark.name}/ (see \`vlm-bench datasets\`).`);
    }
    const samples = await benchmark.load(dir, { annotationsOnly: true });
    const outputs = new Map<string, string>();
    for (const sample of samples) {
      const answer = findAnswer(answers, sample, model.fingerprint === undefined ? undefined : model.filter);
      if (answer !== undefined) outputs.set(sample.id, answer.text);
    }
    if (outputs.size === 0) {
      throw new DataError(
        `${answers.file}: none of its ${answers.records} answers matches a ${benchmark.title} sample in ${dir}. ` +
          `Check --bench, --data and the file (vlm-bench ids like "${samples[0]?.id ?? "…"}", or LLaVA question_id like ${JSON.stringify(samples[0]?.meta.question_id ?? "…")}).`,
        { file: answers.file },
      );
    }
    if (outputs.size < samples.length) {
      log(`${benchmark.name}: ${samples.length - outputs.size} of ${samples.length} samples have no answer in ${answers.file}; scoring the ${outputs.size} answered.`);
    }
    jobs.push({ benchmark, samples, outputs });
  }

  const outDir = path.resolve(options.out ?? defaultOutDir(`score-${model.name}`));
  mkdirSync(outDir, { recursive: true });
  removeLeftoverTemps(outDir, log);
  const previous = previousResults(outDir, model.id, log);
  const results = startResults(
    { adapter: model.kind, name: model.name, fingerprint: model.id, settings: model.settings },
    previous,
    parseFactors(options.factor ?? []),
  );
  const items = new Map<string, ItemLine[]>();
  // The judge's defaults are run's: its server and key variable, unless --judge-base-url/-api-key-env say otherwise.
  const judge = extra.judge ?? (await createJudge({ baseUrl: DEFAULT_BASE_URL, apiKeyEnv: DEFAULT_API_KEY_ENV, ...options }, outDir, log));
  const unjudged: string[] = [];
  try {
    for (const { benchmark, samples, outputs } of jobs) {
      const scored = await scoreOutputs(benchmark, samples, outputs, 0, { ...extra, judge });
      if (scored.failures.length > 0) {
        const shown = scored.failures.slice(0, 3).map((f) => `${f.id}: ${f.message}`).join("; ");
        unjudged.push(`${benchmark.name}: the judge could not grade ${scored.failures.length} of ${samples.length} answers (${shown})`);
        continue;
      }
      if (benchmark.judge === "required" && judge === undefined) {
        log(`${benchmark.name}: not scored — it is graded by an LLM judge; pass --judge ADAPTER:NAME.`);
      }
      results.benchmarks[benchmark.name] = scored.entry;
      items.set(benchmark.name, scored.items);
      writeScoredFiles(outDir, scored);
      if (scored.entry.note !== undefined) log(`${benchmark.name}: ${scored.entry.note}`);
    }
  } finally {
    if (extra.judge === undefined) await judge?.close?.();
  }
  writeResults(outDir, results);
  writeItems(outDir, items);
  writeFileSync(path.join(outDir, "table.md"), runSummary(results));
  process.stdout.write(markdownGrid([results]));
  log(`results: ${path.join(outDir, "results.json")} (per-sample: items.jsonl)`);
  if (unjudged.length > 0) {
    throw new RunIncompleteError(
      `${unjudged.join(". ")}. The judge's replies so far are saved in ${path.join(outDir, JUDGE_FILE)}; rerun with the same --out to ask it only what is missing.`,
    );
  }
  return results;
}

const DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1";
const DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

/** --bench, or (our own predictions file) every benchmark it holds answers for. */
function chooseBenchmarks(list: string | undefined, answers: AnswerFile): Benchmark[] {
  if (list !== undefined && list.trim() !== "") return selectBenchmarks(list);
  if (answers.ours.size === 0) {
    throw new UsageError(`score needs --bench B for a LLaVA answer file (${answers.file}): its question ids do not say which benchmark they belong to.`);
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
      throw new UsageError(`${answers.file} holds answers of ${models.size} models (${[...models].join(", ")}): choose one with --fingerprint.`);
    }
    const fingerprint = wanted ?? [...models][0]!;
    return { ...fromFingerprint(fingerprint), id: fingerprint, filter: fingerprint, fingerprint };
  }
  const modelIds = new Set([...answers.llava.values()].flat().map((a) => a.model).filter((m) => m !== undefined));
  const name = modelIds.size === 1 ? [...modelIds][0]! : path.basename(answers.file).replace(/\.jsonl?$/, "");
  const digest = createHash("sha256").update(readFileSync(answers.file)).digest("hex").slice(0, 12);
  // LLaVA's eval scripts' defaults: greedy decoding, at most 128 new tokens.
  return { kind: "llava-answers", name, id: `llava-answers:${name}#${digest}`, settings: { maxTokens: 128, temperature: 0, seed: 0 } };
}

/** `kind:name|max_tokens=128|temperature=0|seed=0` → its parts (see adapters/fingerprint.ts). */
function fromFingerprint(fingerprint: string): { kind: string; name: string; settings: GenerationSettings } {
  const match = /^([^:]*):(.*)\|max_tokens=([^|]*)\|temperature=([^|]*)\|seed=([^|]*)$/.exec(fingerprint);
  if (match === null) return { kind: fingerprint.split(":")[0]!, name: fingerprint, settings: { maxTokens: 0, temperature: 0, seed: 0 } };
  return { kind: match[1]!, name: match[2]!, settings: { maxTokens: Number(match[3]), temperature: Number(match[4]), seed: Number(match[5]) } };
}
