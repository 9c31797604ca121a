/**
 * The items two runs share, paired: the baseline's items whose id the candidate also has, in the
 * baseline's order, and the candidate's item of each. Runs of one dataset list the same ids in the
 * same order, so that case is checked first and costs no index (the HTML report pairs every two
 * runs of 10,000s of items).
 */
export function pairItems<T extends { id: string }>(base: readonly T[], cand: readonly T[]): { base: T[]; cand: T[] } {
  if (base.length === cand.length && base.every((item, k) => item.id === cand[k]!.id)) return { base: [...base], cand: [...cand] };
  const candById = new Map(cand.map((item) => [item.id, item]));
  const common = base.filter((item) => candById.has(item.id));
  return { base: common, cand: common.map((item) => candById.get(item.id)!) };
}
