import type { BenchmarkResult, DataProvenance, ResultsFile } from "../../src/types.js";
import { modelLabel } from "../columns.js";
import { escapeHtml } from "./escape.js";
import { usageTable } from "./manifest-usage.js";

/**
 * `#manifest`: one card per model with what results.json records of how it was run: harness and
 * date, adapter, model and factors, endpoints, generation settings, the judge, and per benchmark
 * the data's provenance, n, failures and unparsed answers, and the tokens used with their cost
 * (manifest-usage.ts). Every value is escaped.
 */
export function manifestSection(runs: readonly ResultsFile[]): string {
  if (runs.length === 0) return "";
  return `<section id="manifest">
<h2>Manifest</h2>
<div class="cards">${runs.map(card).join("\n")}</div>
</section>`;
}

function card(results: ResultsFile, index: number): string {
  const { model } = results;
  const factors = Object.entries(model.factors ?? {});
  const facts: [string, string][] = [
    ["harness", results.harness],
    ["date", results.created],
    ["adapter", model.adapter],
    ["model", model.name],
    ["fingerprint", model.fingerprint],
    ["factors", factors.length === 0 ? "none" : factors.map(([k, v]) => `${k}=${v}`).join(", ")],
    ["endpoints", String(model.endpoints ?? 1)],
    ["max tokens", String(model.settings.maxTokens)],
    ["temperature", String(model.settings.temperature)],
    ["seed", String(model.settings.seed)],
    ["judge", judgeText(results)],
  ];
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd data-key="${escapeHtml(k)}">${escapeHtml(v)}</dd>`).join("");
  const rows = Object.entries(results.benchmarks).map(([name, b]) => benchmarkRow(name, b!));
  return `<article class="card" data-model="${index}">
<h3>${escapeHtml(modelLabel(results))}</h3>
<dl>${dl}</dl>
<table class="manifest-benchmarks"><thead><tr><th>Benchmark</th><th class="num">n</th><th class="num">failed</th><th class="num">unparsed</th><th>Data</th><th>Intervals</th><th>Note</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>
${usageTable(results)}
</article>`;
}

/** The judges that graded this model's benchmarks: model, fingerprint (its settings), runs, calls and cache hits. */
function judgeText(results: ResultsFile): string {
  const judged = Object.entries(results.benchmarks).filter(([, b]) => b?.judge !== undefined);
  if (judged.length === 0) return "none";
  return judged
    .map(([name, b]) => {
      const j = b!.judge!;
      return `${name}: ${j.model} (fingerprint ${j.fingerprint}, ${j.runs} run${j.runs === 1 ? "" : "s"}, ${j.calls} calls, ${j.cached} cached)`;
    })
    .join("; ");
}

function benchmarkRow(name: string, b: BenchmarkResult): string {
  const ci = b.ci === undefined ? "–" : `${Math.round(b.ci.level * 100)}%, ${b.ci.resamples} resamples, seed ${b.ci.seed}`;
  const cells = [
    `<td>${escapeHtml(name)}</td>`,
    ...[b.n, b.failed, b.unparsed].map((x) => `<td class="num">${escapeHtml(String(x))}</td>`),
    `<td class="prov">${escapeHtml(b.provenance === undefined ? "not recorded" : provenanceText(b.provenance))}</td>`,
    `<td>${escapeHtml(ci)}</td>`,
    `<td>${escapeHtml(b.note ?? "")}</td>`,
  ];
  return `<tr data-benchmark="${escapeHtml(name)}">${cells.join("")}</tr>`;
}

function provenanceText(p: DataProvenance): string {
  const where = [
    p.layout,
    p.repository === undefined ? "" : ` ${p.repository}`,
    p.revision === undefined ? "" : `@${p.revision}`,
    p.config === undefined ? "" : ` config ${p.config}`,
    p.split === undefined ? "" : ` split ${p.split}`,
    p.subset === undefined ? "" : ` subset ${p.subset}`,
    p.ids === "row" ? " (ids by row)" : "",
  ].join("");
  const files = p.files.map((f) => `${f.path} sha256:${f.sha256.slice(0, 12)}`).join(", ");
  return `${where}; ${p.sample_set.n} samples, set sha256:${p.sample_set.sha256.slice(0, 12)}${files === "" ? "" : `; files ${files}`}`;
}
