import { escapeHtml } from "../html/report.js";

export interface ExplainPageSample {
  benchmark: string;
  sample: string;
  question: string;
  /** The side-by-side PNG, as a URL (relative path or data: URL). */
  sideBySide: string;
  maps: {
    model: string;
    method: string;
    answer: string;
    /** The overlay PNG, as a URL. */
    overlay: string;
    /** Largest value of the map (nats for occlusion). */
    max: number;
    bounded: number;
  }[];
}

/** explain.html: per sample, the question, the side-by-side figure and each model's overlay and answer. */
export function renderExplainHtml(samples: readonly ExplainPageSample[], title = "vlm-bench explain"): string {
  const sections = samples.map((s) => {
    const rows = s.maps
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.model)}</td><td><img src="${escapeHtml(m.overlay)}" alt="relevancy of ${escapeHtml(m.model)}"></td>` +
          `<td class="text">${escapeHtml(m.answer)}</td><td>${escapeHtml(m.method)}</td>` +
          `<td>${m.method === "occlusion" ? `${m.max.toFixed(3)} nats` : m.max.toPrecision(3)}${m.bounded > 0 ? ` (${m.bounded} bounded cells)` : ""}</td></tr>`,
      )
      .join("\n");
    return `<section class="sample" id="${escapeHtml(`${s.benchmark}-${s.sample}`)}">
<h2>${escapeHtml(s.benchmark)} ${escapeHtml(s.sample)}</h2>
<p class="question">${escapeHtml(s.question)}</p>
<img class="figure" src="${escapeHtml(s.sideBySide)}" alt="relevancy maps side by side">
<table><thead><tr><th>Model</th><th>Overlay</th><th>Answer</th><th>Method</th><th>Largest value</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
.question{font-size:1.1rem;white-space:pre-wrap}
img.figure{max-width:100%;border:1px solid #ddd}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
td img{max-width:192px}td.text{white-space:pre-wrap;max-width:28rem;font-family:ui-monospace,monospace;font-size:12px}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Each map shows, per image cell, how much covering that cell with the image's mean colour lowered the log-probability of the
model's own answer (its first token), in nats; brighter (viridis yellow) is more relevant. All occlusion maps of one sample share
one colour scale. Adapter-supplied maps are the adapter's own values. Outlined cells are bounds: the answer fell out of the top-k.</p>
${sections.join("\n")}
</body></html>
`;
}
