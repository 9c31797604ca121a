import { createHash } from "node:crypto";
import type { ResultsFile } from "../../src/types.js";
import { modelLabel } from "../columns.js";
import { type Grid, type GridRow, PARTIAL_MARK, SPEED_LABELS, speedTexts } from "../grid.js";
import { BREAKDOWN_STYLE, breakdownsSection } from "./breakdowns.js";
import { BROWSER_SCRIPT } from "./browser-script.js";
import { escapeHtml } from "./escape.js";
import { manifestSection } from "./manifest.js";
import type { ReportData } from "./report-data.js";

export { escapeHtml } from "./escape.js";

export type { ReportAnswer, ReportData, ReportPair, ReportSample } from "./report-data.js";

/**
 * The self-contained HTML report: the grid (rendered here, escaped), a speed chart in inline
 * SVG, and the sample browser built in the page from embedded JSON. A Content-Security-Policy
 * allows only this page's own script (by hash), inline styles and data: images, so the page
 * makes no request and no injected markup could run.
 */
export interface HtmlOptions {
  /** Page title (default: reportTitle of the runs). */
  title?: string;
  /** Every row's results.json, in grid order: the manifest and the breakdown charts. */
  runs?: readonly ResultsFile[];
  /** The design-effects plot (reports/effects-svg.ts) when the runs' factors vary. */
  effectsSvg?: string;
}

/** The models compared, not a file name: "vlm-bench: A vs B vs C" (the first four, then how many more). */
export function reportTitle(runs: readonly ResultsFile[]): string {
  if (runs.length === 0) return "vlm-bench report";
  const labels = runs.map((r) => modelLabel(r));
  const shown = labels.slice(0, 4).join(" vs ");
  return `vlm-bench: ${shown}${labels.length > 4 ? ` and ${labels.length - 4} more` : ""}`;
}

export function renderHtml(grid: Grid, data: ReportData, options: HtmlOptions = {}): string {
  const runs = options.runs ?? [];
  const title = options.title ?? reportTitle(runs);
  const speedRows = grid.rows.filter((r) => !r.model.startsWith("baseline:") && r.speed.samplesPerS !== undefined);
  const scriptHash = createHash("sha256").update(BROWSER_SCRIPT).digest("base64");
  const csp = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<section id="grid">
<h2>Results</h2>
<div class="scroll">${gridTable(grid)}</div>
${grid.notes.length > 0 ? `<ul class="notes">${grid.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
</section>
${grid.hasCi ? '<p class="ci-note">Bracketed: 95% percentile-bootstrap intervals over items (seeded, as <code>vlm-bench table --ci</code>).</p>' : ""}
${manifestSection(runs)}
${options.effectsSvg !== undefined ? `<section id="effects"><h2>Design effects</h2><div class="scroll">${options.effectsSvg}</div></section>` : ""}
${breakdownsSection(runs)}
${speedRows.length > 0 ? `<section id="speed"><h2>Speed</h2><p>Baseline rows are left out: their speed only measures the harness.</p>${speedChart(speedRows)}</section>` : ""}
${data.pairs !== undefined && data.pairs.length > 0 ? COMPARE_SECTION : ""}
<section id="samples">
<h2>Samples</h2>
<div class="filters">
<label>Benchmark <select id="f-bench"><option value="">all</option></select></label>
<label>Split/task <select id="f-group"><option value="">all</option></select></label>
<label>Models <select id="f-agree"><option value="">all</option><option value="disagree">models disagree</option><option value="allwrong">all wrong</option></select></label>
<label>Model <select id="f-model"><option value="">every model</option></select></label>
<label>Result <select id="f-correct"><option value="">any</option><option value="correct">right</option><option value="incorrect">wrong</option></select></label>
<label>Search <input id="f-search" type="search" placeholder="id, prompt, output, answer…"></label>
</div>
<p class="hint">One row per sample with every model's answer. Model and Result narrow the answers shown: with every model, Result "right" keeps samples all models got right, "wrong" those some model got wrong.</p>
<p id="sample-count"></p>
<div class="scroll"><table class="samples"><thead><tr><th>Benchmark</th><th>Sample</th><th>Image</th><th>Prompt</th><th>Target</th><th>Answers (raw output → parsed)</th></tr></thead>
<tbody id="sample-rows"></tbody></table></div>
<button id="more" type="button" hidden>Show more</button>
</section>
<script type="application/json" id="report-data">${embedJson(data)}</script>
<script>${BROWSER_SCRIPT}</script>
</body>
</html>
`;
}

function gridTable(grid: Grid): string {
  const header = ["Model", ...grid.factorKeys, ...grid.columns.map((c) => c.label), ...(grid.hasSpeed ? SPEED_LABELS : [])];
  const textColumns = 1 + grid.factorKeys.length;
  const head = header.map((h, i) => `<th${i >= textColumns ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const rows = grid.rows.map((r) => {
    const cells = r.cells.map((c) => {
      const value = `<span class="value">${c.best ? `<strong>${escapeHtml(c.text)}</strong>` : escapeHtml(c.text)}</span>`;
      const ci = c.ciText !== undefined ? ` <span class="ci">${escapeHtml(c.ciText)}</span>` : "";
      if (c.partial !== undefined) {
        const title = `partial: ${c.partial.n} of ${c.partial.of} samples`;
        return `<td class="num partial" data-best="false" data-partial="${c.partial.n}/${c.partial.of}" title="${title}">${value}<sup>${PARTIAL_MARK}</sup>${ci}</td>`;
      }
      return `<td class="num${c.best ? " best" : ""}" data-best="${c.best}">${value}${ci}</td>`;
    });
    const speed = grid.hasSpeed ? speedTexts(r.speed).map((t) => `<td class="num">${escapeHtml(t)}</td>`) : [];
    const text = [r.label, ...grid.factorKeys.map((k) => r.factors[k] ?? "–")].map((t) => `<td>${escapeHtml(t)}</td>`);
    return `<tr>${[...text, ...cells, ...speed].join("")}</tr>`;
  });
  return `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}

/** Horizontal bars of samples/s relative to the fastest model. */
function speedChart(rows: readonly GridRow[]): string {
  const fastest = Math.max(...rows.map((r) => r.speed.samplesPerS!));
  const barHeight = 22;
  const height = rows.length * barHeight + 8;
  const bars = rows.map((r, i) => {
    const y = 4 + i * barHeight;
    const relative = r.speed.samplesPerS! / fastest;
    const width = Math.max(1, 300 * relative);
    return `<text x="0" y="${y + 15}">${escapeHtml(r.label)}</text><rect x="220" y="${y + 3}" width="${width.toFixed(1)}" height="${barHeight - 8}" rx="2"></rect><text x="${(226 + width).toFixed(1)}" y="${y + 15}">${escapeHtml(speedTexts(r.speed)[0])}/s (${relative.toFixed(2)}×)</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="speed" width="640" height="${height}" role="img" aria-label="samples per second">${bars.join("")}</svg>`;
}

/** JSON safe inside a <script> element: no `<`, `>` or `&` survives, so `</script>` cannot close it. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * The thumbnails' bounding box in CSS pixels, and the size they are encoded at: larger files
 * would only be scaled down by the page, and images are most of a large report's bytes.
 */
export const THUMBNAIL_PX = 96;

/** `#compare`'s controls; the browser script fills them from `data.pairs`. */
const COMPARE_SECTION = `<section id="compare">
<h2>Compare two models</h2>
<div class="pick">
<label>Baseline <select id="cmp-a"></select></label>
<label>Candidate <select id="cmp-b"></select></label>
</div>
<p class="hint">Per benchmark: the items one model got right and the other wrong (or graded differently), and the paired tests of <code>vlm-bench gate BASELINE CANDIDATE</code> with its default thresholds: exact McNemar for shares of right answers, a paired randomization test for graded metrics, one-sided p for a drop and for a gain, and the drop p after Holm's adjustment over every metric compared.</p>
<div id="compare-body"></div>
</section>`;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse}th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}
th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
td.best{background:#eef7ee}td.partial{color:#8a5a00}.ci{color:#666;font-size:.85em}.notes{color:#8a5a00}
.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}
.scroll{overflow-x:auto}table.samples{table-layout:fixed;width:100%;min-width:60rem}
.samples th:nth-child(1){width:6rem}.samples th:nth-child(2){width:8rem}.samples th:nth-child(3){width:${THUMBNAIL_PX + 16}px}
.samples th:nth-child(4){width:30%}.samples th:nth-child(5){width:12%}
.samples td{overflow-wrap:anywhere}.text{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px}.missing{color:#888;font-style:italic}
ul.answers{list-style:none;margin:0;padding:0}ul.answers li{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr max-content max-content;gap:.1rem .6rem;padding:.1rem 0;border-bottom:1px dotted #e4e4e4}
ul.answers li:last-child{border-bottom:0}.answers .model{color:#555}.answers .parsed{font-weight:600}
li.right .result{color:#17702a}li.wrong .result{color:#b0201a}.hint{color:#666;font-size:12px}
#compare .pick{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}#compare table.pair{margin:.3rem 0 .6rem}#compare .reasons{color:#8a5a00}#compare p.command code{overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;flex:1 1 36rem;max-width:100%;overflow-x:auto}
.card h3{margin:.3rem 0}.card dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.3rem 0}.card dt{color:#555}.card dd{margin:0;overflow-wrap:anywhere}
td.prov{font-size:12px;overflow-wrap:anywhere;max-width:30rem}.usage{color:#666;font-size:12px}.manifest-usage{margin-top:.5rem}
.manifest-usage td.missing{color:#888;font-style:italic}.manifest-usage tr.total td{font-weight:600;border-top:1px solid #999}
${BREAKDOWN_STYLE}
img.thumb{max-width:${THUMBNAIL_PX}px;max-height:${THUMBNAIL_PX}px;display:block}
svg.speed text{font-size:12px}svg.speed rect{fill:#4a78b5}
`;
