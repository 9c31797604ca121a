import { createHash } from "node:crypto";
import { PARTIAL_MARK, SPEED_LABELS, speedTexts, type Grid } from "../grid.js";
import { BROWSER_SCRIPT } from "./browser-script.js";

/** One sample of one model as the browser shows it (short keys: the page embeds thousands). */
export interface ReportSample {
  /** Index into `models`. */
  m: number;
  b: string;
  id: string;
  prompt: string | null;
  output: string | null;
  parsed: string | null;
  target: unknown;
  /** 1 right, 0 wrong, null for graded items (see score). */
  c: 0 | 1 | null;
  score?: number;
  /** Key into `images`. */
  img: string | null;
  /** Key into `images` of this model's relevancy overlay (PNG) for the sample, from `table --explain DIR`. */
  ov?: string;
}

export interface ReportData {
  models: { label: string }[];
  benchmarks: string[];
  /** Thumbnail data URLs (JPEG; relevancy overlays PNG), shared by every sample showing the same image. */
  images: Record<string, string>;
  samples: ReportSample[];
}

/**
 * The self-contained HTML report: the grid (rendered here, escaped), a speed chart in inline
 * SVG, and the sample browser built in the page from embedded JSON. A Content-Security-Policy
 * allows only this page's own script (by hash), inline styles and data: images, so the page
 * makes no request and no injected markup could run.
 */
export function renderHtml(grid: Grid, data: ReportData, title = "vlm-bench report"): string {
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
${gridTable(grid)}
${grid.notes.length > 0 ? `<ul class="notes">${grid.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
</section>
${grid.hasSpeed ? `<section id="speed"><h2>Speed</h2>${speedChart(grid)}</section>` : ""}
<section id="samples">
<h2>Samples</h2>
<div class="filters">
<label>Model <select id="f-model"><option value="">all</option></select></label>
<label>Benchmark <select id="f-bench"><option value="">all</option></select></label>
<label>Result <select id="f-correct"><option value="">all</option><option value="correct">right</option><option value="incorrect">wrong</option></select></label>
<label>Search <input id="f-search" type="search" placeholder="id, prompt, output, answer…"></label>
</div>
<p id="sample-count"></p>
<table class="samples"><thead><tr><th>Model</th><th>Benchmark</th><th>Sample</th><th>Image</th><th>Prompt</th><th>Raw output</th><th>Parsed</th><th>Target</th><th>Result</th></tr></thead>
<tbody id="sample-rows"></tbody></table>
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
      const value = c.best ? `<strong>${escapeHtml(c.text)}</strong>` : escapeHtml(c.text);
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
function speedChart(grid: Grid): string {
  const rows = grid.rows.filter((r) => r.speed.relative !== undefined);
  const barHeight = 22;
  const height = rows.length * barHeight + 8;
  const bars = rows.map((r, i) => {
    const y = 4 + i * barHeight;
    const width = Math.max(1, 300 * r.speed.relative!);
    return `<text x="0" y="${y + 15}">${escapeHtml(r.label)}</text><rect x="220" y="${y + 3}" width="${width.toFixed(1)}" height="${barHeight - 8}" rx="2"></rect><text x="${(226 + width).toFixed(1)}" y="${y + 15}">${escapeHtml(speedTexts(r.speed)[0])}/s (${escapeHtml(speedTexts(r.speed)[3])})</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="speed" width="640" height="${height}" role="img" aria-label="samples per second">${bars.join("")}</svg>`;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
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

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse}th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}
th{background:#f4f4f4}.num{text-align:right;font-variant-numeric:tabular-nums}
td.best{background:#eef7ee}td.partial{color:#8a5a00}.ci{color:#666;font-size:.85em}.notes{color:#8a5a00}
.filters{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0}
.samples td.text{white-space:pre-wrap;max-width:28rem;font-family:ui-monospace,monospace;font-size:12px}
tr.right td.result{color:#17702a}tr.wrong td.result{color:#b0201a}
img.thumb{max-width:${THUMBNAIL_PX}px;max-height:${THUMBNAIL_PX}px;display:block}
svg.speed text{font-size:12px}svg.speed rect{fill:#4a78b5}
`;
