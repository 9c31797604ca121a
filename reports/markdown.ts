import type { ResultsFile } from "../src/types.js";
import { formatMetric, METRIC_COLUMNS, metricValue } from "./columns.js";

/**
 * The Table 1 grid as Markdown: factor columns first, then the metric columns of the
 * benchmarks that at least one row has, best value per column in bold, "–" where missing.
 */
export function markdownGrid(rows: readonly ResultsFile[]): string {
  const factorKeys = [...new Set(rows.flatMap((r) => Object.keys(r.model.factors)))];
  const columns = METRIC_COLUMNS.filter((c) => rows.some((r) => r.benchmarks[c.benchmark] !== undefined));
  const best = columns.map((c) => {
    const values = rows.map((r) => metricValue(r, c)).filter((v): v is number => v !== undefined);
    return values.length > 1 ? Math.max(...values) : undefined;
  });
  const header = ["Model", ...factorKeys, ...columns.map((c) => c.label)];
  const lines = [row(header), row(header.map((_, i) => (i < 1 + factorKeys.length ? "---" : "---:")))];
  for (const r of rows) {
    const cells = columns.map((c, i) => {
      const value = metricValue(r, c);
      const text = formatMetric(value, c.display);
      return value !== undefined && value === best[i] ? `**${text}**` : text;
    });
    lines.push(row([escapeCell(`${r.model.adapter}:${r.model.name}`), ...factorKeys.map((k) => escapeCell(r.model.factors[k] ?? "–")), ...cells]));
  }
  return lines.join("\n") + "\n";
}

const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
