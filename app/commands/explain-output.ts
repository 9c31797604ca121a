import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type ExplainPageSample, renderExplainHtml } from "../../reports/explain/html.js";
import { renderOverlay } from "../../reports/explain/overlay.js";
import { renderSideBySide } from "../../reports/explain/side-by-side.js";
import { type ExplainMap, writeExplainFile } from "../../src/explain/file.js";
import type { Sample } from "../../src/types.js";

export const EXPLAIN_HTML = "explain.html";

/**
 * The explain folder's figures and explain.json: per map an overlay PNG (overlays/), per sample a
 * side-by-side PNG of every model (side-by-side/), and explain.html showing them with the question.
 * All occlusion maps of one sample share one colour scale, so a model that barely looks shows as
 * dark next to one that does; adapter-supplied maps (other units) get their own.
 */
export async function writeExplainOutputs(
  outDir: string,
  maps: ExplainMap[],
  samples: readonly Sample[],
): Promise<{ explainFile: string; html: string }> {
  mkdirSync(path.join(outDir, "overlays"), { recursive: true });
  mkdirSync(path.join(outDir, "side-by-side"), { recursive: true });
  const page: ExplainPageSample[] = [];
  for (const sample of samples) {
    const own = maps.filter((m) => m.sample === sample.id && m.benchmark === sample.benchmark);
    if (own.length === 0) continue;
    const image = readFileSync(sample.images[0]!);
    const sharedMax = Math.max(0, ...own.filter((m) => m.method === "occlusion").flatMap((m) => m.values.flat()));
    const panels = [];
    const entry: ExplainPageSample = {
      benchmark: sample.benchmark,
      sample: sample.id,
      question: sample.question,
      sideBySide: "",
      maps: [],
    };
    for (const map of own) {
      const max = map.method === "occlusion" ? sharedMax : Math.max(0, ...map.values.flat());
      const png = await renderOverlay(image, map.values, { max, outline: map.bounded });
      map.overlay = path.posix.join("overlays", `${safe(sample.benchmark)}-${safe(sample.id)}-${safe(map.model)}.png`);
      writeFileSync(path.join(outDir, map.overlay), png);
      panels.push({ png, title: map.model, subtitle: `answer: ${map.answer}` });
      entry.maps.push({
        model: map.model,
        method: map.method,
        answer: map.answer,
        overlay: map.overlay,
        max: Math.max(0, ...map.values.flat()),
        bounded: map.bounded.length,
      });
    }
    entry.sideBySide = path.posix.join("side-by-side", `${safe(sample.benchmark)}-${safe(sample.id)}.png`);
    writeFileSync(
      path.join(outDir, entry.sideBySide),
      await renderSideBySide(panels, `${sample.benchmark} ${sample.id}: ${sample.question}`),
    );
    page.push(entry);
  }
  const explainFile = writeExplainFile(outDir, maps);
  const html = path.join(outDir, EXPLAIN_HTML);
  writeFileSync(html, renderExplainHtml(page));
  return { explainFile, html };
}

/** A file-name part: readable, and unique by a short hash when characters had to be replaced. */
function safe(text: string): string {
  const plain = text
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  if (plain === text) return plain;
  return `${plain}-${createHash("sha256").update(text).digest("hex").slice(0, 6)}`;
}
