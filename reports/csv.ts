import { columnKey, formatMetric } from "./columns.js";
import { type Grid, type GridCell, SPEED_LABELS, speedTexts } from "./grid.js";

/**
 * The grid as CSV (RFC 4180) for spreadsheets: values in the paper's display convention,
 * an empty cell where the table shows "–", a `best` column listing the metric keys this row
 * is best in, a `partial` column listing this row's partly scored benchmarks as `name:n/of`
 * (empty when complete), and `<key> ci low/high` columns when intervals are shown. Footnotes are not
 * part of a CSV file: the CLI prints them on standard error.
 */
export function renderCsv(grid: Grid): string {
  const header = [
    "model",
    ...grid.factorKeys,
    ...grid.columns.flatMap((c) => (grid.hasCi ? [columnKey(c), `${columnKey(c)} ci low`, `${columnKey(c)} ci high`] : [columnKey(c)])),
    "best",
    "partial",
    ...(grid.hasSpeed ? SPEED_LABELS : []),
  ];
  const lines = [header];
  for (const r of grid.rows) {
    const cells = r.cells.flatMap((c, i) => {
      const shown = c.value === undefined ? "" : c.text;
      if (!grid.hasCi) return [shown];
      const display = grid.columns[i]!.display;
      return c.ci === undefined ? [shown, "", ""] : [shown, formatMetric(c.ci[0], display), formatMetric(c.ci[1], display)];
    });
    const best = grid.columns
      .filter((_, i) => r.cells[i]!.best)
      .map(columnKey)
      .join(";");
    const partial = partialBenchmarks(grid, r.cells);
    const speed = grid.hasSpeed ? speedTexts(r.speed).map((t) => (t === "–" ? "" : t.replace("×", ""))) : [];
    lines.push([r.label, ...grid.factorKeys.map((k) => r.factors[k] ?? ""), ...cells, best, partial, ...speed]);
  }
  return lines.map((cells) => cells.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Quotes a field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `pope:5/216;gqa:5/12578`: the row's benchmarks scored on a subset, once each. */
function partialBenchmarks(grid: Grid, cells: readonly GridCell[]): string {
  const seen = new Map<string, string>();
  cells.forEach((c, i) => {
    if (c.partial !== undefined) seen.set(grid.columns[i]!.benchmark, `${grid.columns[i]!.benchmark}:${c.partial.n}/${c.partial.of}`);
  });
  return [...seen.values()].join(";");
}
