import { stat } from "node:fs/promises";
import path from "node:path";
import { TSV_FILES } from "../../datasets/tsv-files.js";
import { describeLayout } from "../../src/data-layout.js";
import { DataError, UsageError, VlmBenchError } from "../../src/errors.js";
import { locate, neededFiles, SEARCH_DEPTH } from "../../src/locate.js";
import type { Benchmark, DataProvenance } from "../../src/types.js";
import { benchmarkDir, candidateDirs, selectBenchmarks } from "./data-dirs.js";

export interface DatasetsOptions {
  data?: string;
  bench?: string;
}

/** `vlm-bench datasets`: what each benchmark needs; `datasets check --data DIR`: what DIR has. */
export async function datasetsCommand(action: string | undefined, options: DatasetsOptions): Promise<void> {
  const chosen = selectBenchmarks(options.bench);
  if (action === undefined) {
    process.stdout.write(describe(chosen));
    return;
  }
  if (action !== "check") throw new UsageError(`unknown datasets action "${action}": use \`vlm-bench datasets check --data DIR\`.`);
  if (options.data === undefined)
    throw new UsageError("datasets check needs --data DIR (the folder holding one sub-folder per benchmark).");
  const dataDir = path.resolve(options.data);
  // A mistyped --data would otherwise list every benchmark "not present" and exit 0.
  if (!(await isDirectory(dataDir))) {
    throw new UsageError(`--data ${options.data}: no such folder (${dataDir}). Give the folder that holds one sub-folder per benchmark.`);
  }
  const report = await check(chosen, dataDir, options.bench !== undefined);
  process.stdout.write(report.text);
  if (report.incomplete.length > 0) {
    throw new DataError(
      `incomplete or invalid data for ${report.incomplete.join(", ")}: see the list above for what is missing (and where it looked) or what is wrong in a file.`,
    );
  }
}

function describe(chosen: readonly Benchmark[]): string {
  const lines = [`Each benchmark looks in DIR/<name>/ and up to ${SEARCH_DEPTH} levels below it (links followed).`, ""];
  for (const b of chosen) {
    const names = [b.name, ...(b.aliases ?? [])].join(" or ");
    lines.push(`${b.title} — folder ${names}/`);
    for (const f of b.files) {
      const group = f.group === undefined ? "" : ` [${f.group}]`;
      lines.push(
        `  ${f.kind === "dir" ? `${f.name}/` : f.name}${group}  ${f.description}${f.imagesOnly ? " (images: needed only to run a model)" : ""}${f.optional ? " (optional)" : ""}`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

async function check(chosen: readonly Benchmark[], dataDir: string, required: boolean) {
  const lines: string[] = [];
  const incomplete: string[] = [];
  for (const b of chosen) {
    const dir = benchmarkDir(dataDir, b);
    if (dir === null) {
      lines.push(`${b.title}: not present (looked for ${candidateDirs(dataDir, b).join(" or ")})`);
      if (required) incomplete.push(b.name);
      continue;
    }
    const layout = await describeLayout(dir, b.files, TSV_FILES[b.name]).catch((e: unknown) => ({
      kind: null,
      lines: [`  INVALID  ${e instanceof Error ? e.message : String(e)}`],
    }));
    if (layout.kind === "hub" || layout.kind === "tsv") {
      lines.push(`${b.title}: ${layout.kind === "hub" ? "Hugging Face snapshot" : "VLMEvalKit TSV"} in ${dir}`, ...layout.lines);
      await validate(b, dir, lines, incomplete);
      continue;
    }
    const { found } = await locate(dir, b.files);
    const { chosen, missing } = neededFiles(b.files, found);
    const variant = chosen === undefined ? "" : ` (${chosen})`;
    lines.push(`${b.title}: ${missing.length === 0 ? `complete${variant}` : "INCOMPLETE"} in ${dir}`);
    for (const f of b.files) {
      const where = found.get(f.name);
      const needed = missing.includes(f) ? "missing " : "absent  "; // absent: an unused alternative, or optional
      lines.push(where ? `  found    ${f.name}  ${where}` : `  ${needed} ${f.name}  ${f.description}`);
    }
    if (missing.length > 0) {
      incomplete.push(b.name);
      continue;
    }
    // Files present: read and validate them too (shape, fields, images named), as a run would.
    await validate(b, dir, lines, incomplete);
  }
  return { text: lines.join("\n") + "\n", incomplete };
}

async function validate(b: Benchmark, dir: string, lines: string[], incomplete: string[]): Promise<void> {
  try {
    let provenance: DataProvenance | undefined;
    const samples = await b.load(dir, { onProvenance: (p) => (provenance = p) });
    const ids = provenance?.ids === "row" ? " (ids are row numbers: the rows carry no official id)" : "";
    lines.push(`  valid    ${samples.length} samples${ids}`);
  } catch (error) {
    if (!(error instanceof VlmBenchError)) throw error;
    lines.push(`  INVALID  ${error.message}`);
    incomplete.push(b.name);
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() ?? false;
}
