import path from "node:path";
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

const EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  md: "md",
  markdown: "md",
  csv: "csv",
  json: "json",
  tex: "tex",
  html: "html",
  htm: "html",
};

/**
 * `--format`, or else the `--out` file's extension (`.md`, `.csv`, `.json`, `.tex`, `.html`), or
 * else md (standard output, or a file name without an extension). An extension that names no
 * format (`t.pdf`) is refused rather than silently written as Markdown.
 */
export function tableFormat(format: string | undefined, outFile: string | undefined): TableFormat {
  if (format !== undefined) {
    if ((TABLE_FORMATS as readonly string[]).includes(format)) return format as TableFormat;
    throw new UsageError(`--format "${format}" is not one of ${TABLE_FORMATS.join(", ")}.`);
  }
  const extension = outFile === undefined ? "" : path.extname(outFile).slice(1);
  if (extension === "") return "md";
  const known = EXTENSIONS[extension.toLowerCase()];
  if (known !== undefined) return known;
  throw new UsageError(
    `--out ${outFile}: ".${extension}" is not a table format vlm-bench writes; name the file .md, .csv, .json, .tex or .html, ` +
      `or give --format (${TABLE_FORMATS.join(", ")}).`,
  );
}
