import type { EffectsResult } from "../src/effects/analyse.js";
import { escapeXml } from "./xml.js";

const PLOT_WIDTH = 280;
const ROW_HEIGHT = 26;
const PANEL_TOP = 34;
const AXIS_HEIGHT = 46;
const GAP = 24;
const COLUMNS_MAX = 3;
const CHAR_WIDTH = 7; // approximate advance of a 12px sans-serif glyph

/**
 * The seed paper's Figure 1 as a self-contained SVG: one panel per benchmark, one point with
 * its CI whisker per factor level, a dashed zero line, all panels on the same x scale (change
 * in P(correct) versus the baseline design) so effects compare across benchmarks.
 */
export function effectsSvg(result: EffectsResult): string {
  const labels = result.design.columns.map((c) => `${c.factor}=${c.level}`);
  const labelWidth = Math.max(80, 16 + CHAR_WIDTH * Math.max(...labels.map((l) => l.length)));
  const [lo, hi] = domain(result);
  const ticks = niceTicks(lo, hi);
  const x = (v: number) => labelWidth + ((v - lo) / (hi - lo)) * PLOT_WIDTH;
  const panelWidth = labelWidth + PLOT_WIDTH + 16;
  const panelHeight = PANEL_TOP + labels.length * ROW_HEIGHT + AXIS_HEIGHT;
  const columns = Math.min(COLUMNS_MAX, result.benchmarks.length);
  const rows = Math.ceil(result.benchmarks.length / columns);
  const titleHeight = 44;
  const width = columns * panelWidth + (columns - 1) * GAP + 2 * GAP;
  const height = titleHeight + rows * panelHeight + (rows - 1) * GAP + GAP;
  const decimals = Math.max(0, -Math.floor(Math.log10(ticks.length > 1 ? ticks[1]! - ticks[0]! : 1)));
  const pct = Math.round(result.level * 100);
  const baseline = Object.entries(result.design.baseline)
    .map(([f, l]) => `${f}=${l}`)
    .join(", ");

  const panels = result.benchmarks.map((b, index) => {
    const ox = GAP + (index % columns) * (panelWidth + GAP);
    const oy = titleHeight + Math.floor(index / columns) * (panelHeight + GAP);
    const plotBottom = PANEL_TOP + labels.length * ROW_HEIGHT;
    const parts: string[] = [
      `<rect x="${labelWidth}" y="${PANEL_TOP - 6}" width="${PLOT_WIDTH}" height="${plotBottom - PANEL_TOP + 12}" class="frame"/>`,
      `<text x="${labelWidth + PLOT_WIDTH / 2}" y="18" class="panel-title">${escapeXml(b.benchmark)}</text>`,
    ];
    for (const t of ticks) {
      parts.push(
        `<line x1="${f(x(t))}" y1="${PANEL_TOP - 6}" x2="${f(x(t))}" y2="${plotBottom + 6}" class="grid"/>`,
        `<text x="${f(x(t))}" y="${plotBottom + 22}" class="tick">${escapeXml(t.toFixed(decimals).replace("-", "−"))}</text>`,
      );
    }
    parts.push(`<line x1="${f(x(0))}" y1="${PANEL_TOP - 6}" x2="${f(x(0))}" y2="${plotBottom + 6}" class="zero"/>`);
    b.effects.forEach((e, i) => {
      const cy = PANEL_TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      const tip = `${e.factor}=${e.level} vs ${e.baselineLevel}: ${e.estimate.toFixed(4)} [${e.ci[0].toFixed(4)}, ${e.ci[1].toFixed(4)}], p = ${e.pValue.toPrecision(2)}`;
      parts.push(
        `<text x="${labelWidth - 10}" y="${f(cy + 4)}" class="label">${escapeXml(labels[i]!)}</text>`,
        `<g><title>${escapeXml(tip)}</title>` +
          `<line x1="${f(x(e.ci[0]))}" y1="${f(cy)}" x2="${f(x(e.ci[1]))}" y2="${f(cy)}" class="whisker"/>` +
          `<line x1="${f(x(e.ci[0]))}" y1="${f(cy - 5)}" x2="${f(x(e.ci[0]))}" y2="${f(cy + 5)}" class="whisker"/>` +
          `<line x1="${f(x(e.ci[1]))}" y1="${f(cy - 5)}" x2="${f(x(e.ci[1]))}" y2="${f(cy + 5)}" class="whisker"/>` +
          `<circle cx="${f(x(e.estimate))}" cy="${f(cy)}" r="4.5" class="point"/></g>`,
      );
    });
    parts.push(`<text x="${labelWidth + PLOT_WIDTH / 2}" y="${plotBottom + 40}" class="axis">Δ P(correct) vs baseline</text>`);
    return `<g transform="translate(${ox},${oy})" class="panel">\n  ${parts.join("\n  ")}\n</g>`;
  });

  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(`Effects versus the baseline design (${baseline})`)}</title>`,
    `<style>`,
    `text { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 12px; fill: #222; }`,
    `.title { font-size: 15px; font-weight: 600; } .subtitle { fill: #555; }`,
    `.panel-title { font-size: 13px; font-weight: 600; text-anchor: middle; }`,
    `.label { text-anchor: end; } .tick { text-anchor: middle; fill: #555; font-size: 11px; } .axis { text-anchor: middle; fill: #333; }`,
    `.frame { fill: #fafafa; stroke: #ccc; } .grid { stroke: #e6e6e6; } .zero { stroke: #888; stroke-dasharray: 4 3; }`,
    `.whisker { stroke: #1f5fa8; stroke-width: 1.6; } .point { fill: #1f5fa8; }`,
    `</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${GAP}" y="22" class="title">Average change in probability of a correct answer versus the baseline design</text>`,
    `<text x="${GAP}" y="38" class="subtitle">${escapeXml(`baseline: ${baseline} · linear probability model, ${pct}% CI (HC1)`)}</text>`,
    ...panels,
    `</svg>`,
    "",
  ].join("\n");
}

const f = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(2)) : 0);

/** The x range: every interval and zero, padded by 5%. */
function domain(result: EffectsResult): [number, number] {
  const values = result.benchmarks.flatMap((b) => b.effects.flatMap((e) => [e.ci[0], e.ci[1], e.estimate])).filter(Number.isFinite);
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi - lo < 1e-9) [lo, hi] = [-0.05, 0.05];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** About five ticks at 1, 2 or 5 × 10^k steps inside [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toFixed(12)));
  return ticks;
}
