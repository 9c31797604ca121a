import type { LoadedRun } from "../run-folder/index.js";

/**
 * Why one benchmark's runs cannot be compared because they scored different sample sets (a
 * hub snapshot of another revision, `--pope-set llava` against the full set, `--limit`), or
 * null. Decided by the sample-set digests results.json records; runs without one (older
 * versions) are left to the item-by-item comparison.
 */
export function sampleSetMismatch(name: string, baseline: LoadedRun, candidate: LoadedRun): string | null {
  const a = baseline.results.benchmarks[name]?.provenance;
  const b = candidate.results.benchmarks[name]?.provenance;
  if (a === undefined || b === undefined || a.sample_set.sha256 === b.sample_set.sha256) return null;
  const baseIds = new Set((baseline.items.get(name) ?? []).map((i) => i.id));
  const candIds = new Set((candidate.items.get(name) ?? []).map((i) => i.id));
  const onlyBase = [...baseIds].filter((id) => !candIds.has(id));
  const onlyCand = [...candIds].filter((id) => !baseIds.has(id));
  const show = (ids: string[]) =>
    ids.length === 0
      ? "none"
      : `${ids.length} (${ids
          .slice(0, 5)
          .map((id) => `"${id}"`)
          .join(", ")}${ids.length > 5 ? ", …" : ""})`;
  const from = (p: typeof a) =>
    `${p.sample_set.n} samples, ${p.layout}${p.repository === undefined ? "" : ` ${p.repository}`}${p.revision === undefined ? "" : `@${p.revision.slice(0, 12)}`}`;
  return (
    `${name}: the runs scored different sample sets (baseline ${from(a)}; candidate ${from(b)}); ` +
    `ids only in the baseline: ${show(onlyBase)}; only in the candidate: ${show(onlyCand)} — score both on the same data`
  );
}
