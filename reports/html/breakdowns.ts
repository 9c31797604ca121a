import type { Metrics, ResultsFile } from "../../src/types.js";
import { modelLabel } from "../columns.js";
import { escapeHtml } from "./escape.js";

/** One chart: a metric family of one benchmark (e.g. POPE `splits · f1`), one row of bars per category. */
interface Chart {
  benchmark: string;
  title: string;
  /** category → value per model (undefined: the model has no such metric). */
  rows: Map<string, (number | undefined)[]>;
}

/**
 * `#breakdowns`: per benchmark, the metrics behind its grid column as small inline SVG bar charts
 * across models. Built from the metric trees alone, so every benchmark's breakdown (MME's tasks,
 * POPE's splits, MM-Vet's capabilities, VQAv2's answer types, GQA's binary/open, MMVP's pair and
 * question accuracy) comes out without the reports naming a benchmark: top-level leaves form one
 * chart, `group.category` leaves one chart per group, `group.category.metric` one per group and metric.
 */
export function breakdownsSection(runs: readonly ResultsFile[]): string {
  const charts = breakdownCharts(runs);
  if (charts.length === 0) return "";
  const legend = runs
    .map((r, i) => `<span class="key"><span class="swatch c${i % PALETTE.length}"></span>${escapeHtml(modelLabel(r))}</span>`)
    .join("");
  const byBenchmark = new Map<string, Chart[]>();
  for (const c of charts) byBenchmark.set(c.benchmark, [...(byBenchmark.get(c.benchmark) ?? []), c]);
  const blocks = [...byBenchmark].map(
    ([benchmark, list]) =>
      `<div class="breakdown" data-benchmark="${escapeHtml(benchmark)}"><h3>${escapeHtml(benchmark)}</h3>${list.map((c) => chartSvg(c, runs.length)).join("")}</div>`,
  );
  return `<section id="breakdowns">
<h2>Breakdowns</h2>
<p class="legend">${legend}</p>
${blocks.join("\n")}
</section>`;
}

/** Leaves that are spreads or per-run repeats, not metrics to compare. */
const SKIP = /(^|_)std$|^run_totals$/;

export function breakdownCharts(runs: readonly ResultsFile[]): Chart[] {
  const charts = new Map<string, Chart>();
  runs.forEach((results, m) => {
    for (const [benchmark, result] of Object.entries(results.benchmarks)) {
      for (const [path, value] of leaves(result!.metrics)) {
        if (path.some((k) => SKIP.test(k))) continue;
        const group = path.length === 1 ? "" : [path[0], ...path.slice(2)].join(" · ");
        const category = path.length === 1 ? path[0]! : path[1]!;
        const key = `${benchmark}\u0000${group}`;
        let chart = charts.get(key);
        if (chart === undefined) charts.set(key, (chart = { benchmark, title: group === "" ? "overall" : group, rows: new Map() }));
        let row = chart.rows.get(category);
        if (row === undefined) chart.rows.set(category, (row = runs.map(() => undefined)));
        row[m] = value;
      }
    }
  });
  return [...charts.values()];
}

function leaves(tree: Metrics, prefix: string[] = []): [string[], number][] {
  return Object.entries(tree).flatMap(([k, v]): [string[], number][] => {
    if (typeof v === "number") return Number.isFinite(v) ? [[[...prefix, k], v]] : [];
    return v !== null && typeof v === "object" ? leaves(v as Metrics, [...prefix, k]) : [];
  });
}

const PALETTE = ["#4a78b5", "#d9822b", "#3d9a50", "#b3424a", "#7d5ba6", "#8c6d46", "#c45ca2", "#6b6b6b"];
export const BREAKDOWN_STYLE =
  PALETTE.map((c, i) => `.c${i}{fill:${c};background:${c}}`).join("") +
  "svg.bars text{font-size:11px}.breakdown{margin:0 0 1rem}.breakdown svg{vertical-align:top;margin:0 1.5rem .5rem 0}" +
  ".swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em}.chart-title{font-weight:600}";

function chartSvg(chart: Chart, models: number): string {
  const values = [...chart.rows.values()].flat().filter((v): v is number => v !== undefined);
  // Fractions on a 0–1 axis; scores (MME's 0–200, MM-Vet's 0–100) against the chart's largest value.
  const max = Math.max(values.every((v) => v <= 1) ? 1 : 0, ...values.map(Math.abs)) || 1;
  const bar = 9;
  const rowHeight = models * bar + 6;
  const labelWidth = 150;
  const plot = 200;
  let y = 18;
  const parts = [`<text class="chart-title" x="0" y="12">${escapeHtml(chart.title)}</text>`];
  for (const [category, row] of chart.rows) {
    parts.push(`<text x="0" y="${y + rowHeight / 2 + 3}">${escapeHtml(category)}</text>`);
    row.forEach((v, m) => {
      if (v === undefined) return;
      const w = Math.max(0.5, (plot * Math.abs(v)) / max);
      const by = y + m * bar;
      const text = Math.abs(v) <= 1 ? v.toFixed(3) : v.toFixed(1);
      parts.push(
        `<rect class="c${m % PALETTE.length}" x="${labelWidth}" y="${by}" width="${w.toFixed(1)}" height="${bar - 1}"><title>${escapeHtml(text)}</title></rect>`,
      );
      parts.push(`<text x="${(labelWidth + w + 3).toFixed(1)}" y="${by + bar - 1}">${escapeHtml(text)}</text>`);
    });
    y += rowHeight;
  }
  const width = labelWidth + plot + 50;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="${width}" height="${y + 4}" role="img" aria-label="${escapeHtml(`${chart.benchmark} ${chart.title}`)}">${parts.join("")}</svg>`;
}
