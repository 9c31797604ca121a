import type { Metrics, ResultsFile } from "../src/types.js";
import type { MetricColumn } from "./columns.js";
import { buildGrid, type GridSource } from "./grid.js";
import { renderMarkdown } from "./markdown.js";

/**
 * table.md for one run: the grid row (`columns`: gridColumns of the benchmark registry), then
 * every metric of every benchmark, then speed. Pass the run's report source
 * (reports/sources.ts, with predictions) for exact latency percentiles.
 */
export function runSummary(columns: readonly MetricColumn[], results: ResultsFile, source: GridSource = { results }): string {
  const parts = [`# ${results.model.adapter}:${results.model.name}`, "", renderMarkdown(buildGrid([source], { columns }))];
  for (const [name, bench] of Object.entries(results.benchmarks)) {
    parts.push(`## ${name}`, "", `n = ${bench.n}, failed = ${bench.failed}, unparsed = ${bench.unparsed}`, "");
    parts.push("| metric | value |", "| --- | ---: |");
    for (const [key, value] of flatten(bench.metrics)) parts.push(`| ${key} | ${formatValue(value)} |`);
    const speed = bench.speed;
    if (speed !== undefined && Object.keys(speed).length > 0) {
      parts.push(
        "",
        `speed: ${[
          speed.samples_per_s !== undefined ? `${speed.samples_per_s.toFixed(1)} samples/s` : null,
          speed.latency_ms_p50 !== undefined ? `latency p50 ${speed.latency_ms_p50.toFixed(1)} ms` : null,
          speed.latency_ms_p95 !== undefined ? `p95 ${speed.latency_ms_p95.toFixed(1)} ms` : null,
        ]
          .filter(Boolean)
          .join(", ")}`,
      );
    }
    parts.push("");
  }
  return parts.join("\n");
}

/** `{splits: {random: {f1: 0.5}}}` → `["splits.random.f1", 0.5]`. */
export function flatten(metrics: Metrics, prefix = ""): [string, number][] {
  return Object.entries(metrics).flatMap(([key, value]) =>
    typeof value === "number" ? [[prefix + key, value] as [string, number]] : flatten(value, `${prefix}${key}.`),
  );
}

/** Display only: the file keeps full precision. */
const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(4));
