import type { ResultsFile } from "../src/types.js";

/**
 * A note per benchmark whose rows come from different sample sets (results.json provenance:
 * another layout's rows, another snapshot revision, a subset), naming where each row's came from.
 */
export function sampleSetNotes(rows: readonly { label: string; results: ResultsFile }[]): string[] {
  const notes: string[] = [];
  const names = new Set(rows.flatMap((r) => Object.keys(r.results.benchmarks)));
  for (const name of names) {
    const having = rows.filter((r) => r.results.benchmarks[name]?.provenance !== undefined);
    const digests = new Set(having.map((r) => r.results.benchmarks[name]!.provenance!.sample_set.sha256));
    if (digests.size < 2) continue;
    const where = having.map((r) => {
      const p = r.results.benchmarks[name]!.provenance!;
      const source = `${p.layout}${p.repository === undefined ? "" : ` ${p.repository}`}${p.revision === undefined ? "" : `@${p.revision.slice(0, 12)}`}`;
      return `${r.label}: ${p.sample_set.n} samples from ${source}`;
    });
    notes.push(`${name}: the rows come from different sample sets (${where.join("; ")}), so their numbers are not comparable.`);
  }
  return notes;
}
