/**
 * Holm's step-down adjustment: with p-values sorted ascending p(1) ≤ … ≤ p(m), the adjusted
 * p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)). Rejecting where the adjusted p < α keeps the
 * chance of any false rejection among the m tests at most α, whatever their dependence.
 * Returned in the input order; a NaN p (a test that could not be run) counts as 1.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const p = pValues.map((v) => (Number.isNaN(v) ? 1 : v));
  const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
