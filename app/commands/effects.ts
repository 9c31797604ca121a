import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { effectsSvg } from "../../reports/effects-svg.js";
import { effectsCsv, effectsJson, effectsMarkdown } from "../../reports/effects-table.js";
import { analyseEffects } from "../../src/effects/analyse.js";
import { parseBaselineOption } from "../../src/effects/design.js";
import { UsageError } from "../../src/errors.js";
import { loadRun } from "../../src/run-folder/index.js";

export interface EffectsCommandOptions {
  factors: string;
  baseline?: string;
  bench?: string;
  out?: string;
  format: string;
}

const FORMATS = { md: effectsMarkdown, csv: effectsCsv, json: effectsJson } as const;

export async function effectsCommand(files: string[], options: EffectsCommandOptions): Promise<void> {
  const format = FORMATS[options.format as keyof typeof FORMATS];
  if (format === undefined) throw new UsageError(`--format ${options.format}: choose md, csv or json.`);
  const factors = options.factors
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "");
  const baseline = parseBaselineOption(options.baseline);
  const bench = options.bench
    ?.split(",")
    .map((b) => b.trim().toLowerCase())
    .filter((b) => b !== "");
  const runs = [];
  for (const file of files) runs.push(await loadRun(file, { predictions: false }));
  const result = analyseEffects(runs, { factors, baseline, benchmarks: bench });
  for (const b of result.benchmarks) {
    if (b.droppedItems > 0) {
      process.stderr.write(`${b.benchmark}: ${b.droppedItems} items not scored in every run were left out (${b.items} used).\n`);
    }
  }
  const table = format(result);
  process.stdout.write(table);
  if (options.out !== undefined) {
    mkdirSync(options.out, { recursive: true });
    const tableFile = path.join(options.out, `effects.${options.format}`);
    const svgFile = path.join(options.out, "effects.svg");
    writeFileSync(tableFile, table);
    writeFileSync(svgFile, effectsSvg(result));
    process.stderr.write(`effects: ${tableFile}, plot: ${svgFile}\n`);
  }
}
