/** Edit distance (insertions, deletions, substitutions), for "did you mean" lists. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `count` ids closest to `wanted` by edit distance (ties in the ids' own order). */
export function nearestIds(wanted: string, ids: readonly string[], count = 3): string[] {
  return ids
    .map((id, index) => ({ id, index, distance: editDistance(wanted, id) }))
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .slice(0, count)
    .map((x) => x.id);
}
