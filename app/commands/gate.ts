import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchmarks } from "../../datasets/index.js";
import { gateConsole, gateMarkdown, notComparableMarkdown } from "../../reports/gate-summary.js";
import { gateJunit, notComparableJunit } from "../../reports/junit.js";
import { gate } from "../../src/gate/compare.js";
import { readGateConfig, resolvePolicy } from "../../src/gate/config.js";
import { NotComparableError } from "../../src/gate/protocol.js";
import { loadRun } from "../../src/run-folder/index.js";

export interface GateCommandOptions {
  baseline: string;
  candidate: string;
  maxDrop?: number;
  maxDropPoints?: number;
  alpha?: number;
  config?: string;
  junit?: string;
  summary?: string;
  bench?: string;
  resamples: number;
  seed: number;
}

export async function gateCommand(options: GateCommandOptions): Promise<void> {
  const config = options.config === undefined ? {} : readGateConfig(options.config);
  const policy = resolvePolicy({ maxDrop: options.maxDrop, maxDropPoints: options.maxDropPoints, alpha: options.alpha }, config);
  const baseline = await loadRun(options.baseline);
  const candidate = await loadRun(options.candidate);
  const only = options.bench
    ?.split(",")
    .map((b) => b.trim().toLowerCase())
    .filter((b) => b !== "");
  let report: ReturnType<typeof gate>;
  try {
    report = gate(baseline, candidate, {
      policy,
      resamples: options.resamples,
      seed: options.seed,
      benchmarks: only,
      findBenchmark: (name) => benchmarks.find((b) => b.name === name),
    });
  } catch (error) {
    if (error instanceof NotComparableError) {
      publish(options, notComparableMarkdown(baseline.label, candidate.label, error.reasons), notComparableJunit(error.reasons));
    }
    throw error;
  }
  process.stdout.write(gateConsole(report));
  publish(options, gateMarkdown(report), gateJunit(report));
  process.exitCode = report.exitCode;
}

/** Writes --summary and --junit, and appends the summary to GitHub's job summary when in Actions. */
function publish(options: GateCommandOptions, markdown: string, junit: string): void {
  if (options.summary !== undefined) write(options.summary, markdown);
  if (options.junit !== undefined) write(options.junit, junit);
  const github = process.env.GITHUB_STEP_SUMMARY;
  if (github !== undefined && github !== "") appendFileSync(github, markdown + "\n");
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
}
