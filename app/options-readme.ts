import type { OptionDef } from "./option-def.js";
import { runOptionTable } from "./run-option-table.js";

/** The README's table of `run` options, between these markers; `npm run options` rewrites it and a test checks it. */
export const README_MARKERS = {
  begin: "<!-- run-options:begin (generated from app/options.ts) -->",
  end: "<!-- run-options:end -->",
} as const;

/** One row per option: flag, config key, default, what it does next to `--config`, help. */
export function runOptionsMarkdown(table: readonly OptionDef[] = runOptionTable()): string {
  const rows = table.map((def) => {
    const shown = def.flag?.replace(/<[^>]*>/, (m) => m.toUpperCase().replace(/[<>]/g, ""));
    const flag = shown === undefined ? "–" : `\`${shown.replaceAll("|", "\\|")}${def.repeatable ? " …" : ""}\``;
    const key = def.config === undefined ? "–" : `\`${def.scope === "model" ? "models[]." : ""}${def.config}\``;
    const fallback = def.default === undefined ? "–" : `\`${String(def.default)}\``;
    return `| ${flag} | ${key} | ${fallback} | ${withConfig(def)} | ${def.help.replaceAll("|", "\\|")} |`;
  });
  return ["| option | config file key | default | next to `--config` | what |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function withConfig(def: OptionDef): string {
  if (def.flag === undefined) return "file only";
  if (def.key === "config") return "–";
  if (def.withConfig === "refused" && def.config === undefined) return "refused (exit 2): command line only";
  if (def.withConfig === "refused") return `refused (exit 2): set \`${def.config}\` per model`;
  if (def.adapter !== undefined) return `applies to every ${def.adapter.kind}: model`;
  return def.config === undefined ? "applies" : `applies, wins over the file`;
}

/** `text` with the part between the markers replaced by `table`; an error when the markers are missing. */
export function replaceBetweenMarkers(text: string, table: string): string {
  const begin = text.indexOf(README_MARKERS.begin);
  const end = text.indexOf(README_MARKERS.end);
  if (begin < 0 || end < begin) throw new Error(`README.md lacks the markers ${README_MARKERS.begin} … ${README_MARKERS.end}`);
  return `${text.slice(0, begin + README_MARKERS.begin.length)}\n${table}\n${text.slice(end)}`;
}
