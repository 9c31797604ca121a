import type { ResultsFile } from "../src/types.js";
import { buildGrid, type Grid, type GridOptions, PARTIAL_MARK, SPEED_LABELS, speedTexts } from "./grid.js";

/**
 * The Table 1 grid as Markdown: factor columns first, then the metric columns of the
 * benchmarks that at least one row has, best value per column in bold, "–" where missing.
 */
export function markdownGrid(rows: readonly ResultsFile[], options: GridOptions): string {
  return renderMarkdown(
    buildGrid(
      rows.map((results) => ({ results })),
      options,
    ),
  );
}

export function renderMarkdown(grid: Grid): string {
  const header = ["Model", ...grid.factorKeys, ...grid.columns.map((c) => c.label), ...(grid.hasSpeed ? SPEED_LABELS : [])];
  const textColumns = 1 + grid.factorKeys.length;
  const lines = [row(header.map(escapeCell)), row(header.map((_, i) => (i < textColumns ? "---" : "---:")))];
  for (const r of grid.rows) {
    const cells = r.cells.map((c) => {
      const shown = c.partial !== undefined ? `${c.text}${PARTIAL_MARK}` : c.text;
      const text = c.best ? `**${shown}**` : shown;
      return c.ciText !== undefined ? `${text} ${c.ciText}` : text;
    });
    lines.push(
      row([
        escapeCell(r.label),
        ...grid.factorKeys.map((k) => escapeCell(r.factors[k] ?? "–")),
        ...cells,
        ...(grid.hasSpeed ? speedTexts(r.speed) : []),
      ]),
    );
  }
  if (grid.notes.length > 0) lines.push("", "Notes:", ...grid.notes.map((n) => `- ${escapeCell(n)}`));
  return lines.join("\n") + "\n";
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
/** A table cell's text: pipes escaped, line breaks as spaces. */
export const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
