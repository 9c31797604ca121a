import type { PairComparison } from "./compare-data.js";
import type { ReportPair, ReportSample } from "./report-data.js";

/**
 * The flipped items `#compare` lists per pair and benchmark (the first `cap`, in the baseline's
 * item order); the page holds these samples even past its per-benchmark sample limit.
 */
export function flippedToInclude(pairs: readonly PairComparison[], cap: number): Map<string, Set<string>> {
  const include = new Map<string, Set<string>>();
  for (const pair of pairs) {
    for (const b of pair.benchmarks) {
      if (!b.comparable || b.flips.ids === undefined) continue;
      const ids = include.get(b.benchmark) ?? new Set<string>();
      for (const id of b.flips.ids.slice(0, cap)) ids.add(id);
      include.set(b.benchmark, ids);
    }
  }
  return include;
}

/**
 * The gate's pair comparisons in the page's form: flipped items as indexes into the page's
 * samples (an id only when the sample is not in the page), each list cut at `cap`.
 */
export function reportPairs(
  pairs: readonly PairComparison[],
  benchmarks: readonly string[],
  samples: readonly ReportSample[],
  cap: number,
): ReportPair[] {
  const index = new Map(samples.map((s, i) => [`${benchmarks[s.b]}\u0000${s.id}`, i]));
  return pairs.map((pair) => ({
    baseline: pair.baseline,
    candidate: pair.candidate,
    command: pair.command,
    notes: pair.notes,
    benchmarks: pair.benchmarks.map((b) => {
      if (!b.comparable) return { benchmark: b.benchmark, comparable: false, reasons: b.reasons };
      const ids = b.flips.ids ?? [];
      return {
        benchmark: b.benchmark,
        comparable: true,
        common: b.common,
        metrics: b.metrics.map((m) => ({
          metric: m.metric,
          test: m.test,
          n: m.n,
          baseline: m.baseline,
          candidate: m.candidate,
          difference: m.difference,
          lost: m.lost,
          gained: m.gained,
          detail: m.detail,
          pDrop: m.pDrop,
          pGain: m.pGain,
          adjustedP: m.adjustedP,
          status: m.status,
        })),
        flipped: ids.slice(0, cap).map((id) => index.get(`${b.benchmark}\u0000${id}`) ?? id),
        flippedTotal: b.flips.baselineBetter + b.flips.candidateBetter,
        baselineBetter: b.flips.baselineBetter,
        candidateBetter: b.flips.candidateBetter,
      };
    }),
  }));
}
