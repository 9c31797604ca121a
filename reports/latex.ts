import { type Grid, SPEED_LABELS, speedTexts } from "./grid.js";

/**
 * The grid as a LaTeX booktabs tabular (needs \usepackage{booktabs}): best per column in
 * \textbf, "--" where missing, footnotes as full-width rows under \bottomrule.
 */
export function renderLatex(grid: Grid): string {
  const textColumns = 1 + grid.factorKeys.length;
  const metricCount = grid.columns.length + (grid.hasSpeed ? SPEED_LABELS.length : 0);
  const width = textColumns + metricCount;
  const header = ["Model", ...grid.factorKeys, ...grid.columns.map((c) => c.label), ...(grid.hasSpeed ? SPEED_LABELS : [])];
  const lines = [
    `\\begin{tabular}{${"l".repeat(textColumns)}${"r".repeat(metricCount)}}`,
    "\\toprule",
    texRow(header.map(escapeLatex)),
    "\\midrule",
  ];
  for (const r of grid.rows) {
    const cells = r.cells.map((c) => {
      const mark = c.partial !== undefined ? "$^\\dagger$" : "";
      const value = c.text === "–" ? `--${mark}` : c.best ? `\\textbf{${c.text}}` : `${c.text}${mark}`;
      return c.ciText !== undefined ? `${value} {\\scriptsize ${c.ciText}}` : value;
    });
    const speed = grid.hasSpeed ? speedTexts(r.speed).map((t) => (t === "–" ? "--" : t.replace("×", "$\\times$"))) : [];
    lines.push(
      texRow([
        escapeLatex(r.label),
        ...grid.factorKeys.map((k) => (r.factors[k] === undefined ? "--" : escapeLatex(r.factors[k]!))),
        ...cells,
        ...speed,
      ]),
    );
  }
  lines.push("\\bottomrule");
  for (const note of grid.notes) lines.push(`\\multicolumn{${width}}{l}{\\footnotesize Note: ${escapeLatex(note)}} \\\\`);
  lines.push("\\end{tabular}");
  return lines.join("\n") + "\n";
}

const texRow = (cells: readonly string[]) => `${cells.join(" & ")} \\\\`;

/**
 * Escapes LaTeX's special characters so any model name or factor prints literally. `<`, `>`
 * and `|` print as other glyphs in the default OT1 font encoding; `[` and `]` are braced
 * because a row that starts with `[` after `\\` or `\midrule` is read as their optional argument.
 */
export function escapeLatex(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\{}$&#^_%~<>|[\]]/g, (ch) => LATEX_ESCAPES[ch] ?? `\\${ch}`)
    .replace(/–/g, "--")
    .replace(/×/g, "$\\times$")
    .replace(/†/g, "$^\\dagger$");
}

const LATEX_ESCAPES: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
  "[": "{[}",
  "]": "{]}",
};
