import { UsageError } from "../src/errors.js";
import { renderCsv } from "./csv.js";
import type { Grid } from "./grid.js";
import { renderJson } from "./json.js";
import { renderLatex } from "./latex.js";
import { renderMarkdown } from "./markdown.js";

export const TABLE_FORMATS = ["md", "csv", "json", "tex", "html"] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** The text formats of the grid (HTML, which also browses samples, is reports/html/). */
export function renderGrid(grid: Grid, format: Exclude<TableFormat, "html">): string {
  switch (format) {
    case "md":
      return renderMarkdown(grid);
    case "csv":
      return renderCsv(grid);
    case "json":
      return renderJson(grid);
    case "tex":
      return renderLatex(grid);
  }
}

/** `--format`, or else the `--out` file's extension (`.md`, `.csv`, `.json`, `.tex`, `.html`), or else md. */
export function tableFormat(format: string | undefined, outFile: string | undefined): TableFormat {
  const extension = outFile?.match(/\.([a-z]+)$/i)?.[1]?.toLowerCase();
  const chosen = format ?? (extension === "htm" ? "html" : extension === "markdown" ? "md" : extension) ?? "md";
  if ((TABLE_FORMATS as readonly string[]).includes(chosen)) return chosen as TableFormat;
  if (format === undefined) return "md";
  throw new UsageError(`--format "${format}" is not one of ${TABLE_FORMATS.join(", ")}.`);
}
