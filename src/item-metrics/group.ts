import type { ScoredItem } from "../types.js";

/** Items grouped into resampling units within strata, numbered as src/stats/resample.ts expects. */
export interface GroupedItems {
  /** Units per stratum, in stratum order. */
  strata: number[];
  stratumNames: string[];
  /** Item index → unit, −1 for items left out. */
  unitOf: Int32Array;
  /** Each unit's item indices, in item order. */
  unitItems: number[][];
  /** Each unit's stratum index. */
  unitStratum: Uint32Array;
}

/** Where an item goes: its stratum and unit (`unit` undefined: the item is its own unit), or null to leave it out. */
export type Placement = { stratum: string; unit?: string } | null;

/**
 * Groups items by `place`. Strata come in `order(names in order of appearance)` (default:
 * appearance; names it drops leave their items out); units within a stratum in order of appearance.
 */
export function groupItems(
  items: readonly ScoredItem[],
  place: (item: ScoredItem, index: number) => Placement,
  order: (names: readonly string[]) => readonly string[] = (names) => names,
): GroupedItems {
  const byStratum = new Map<string, Map<string, number[]>>();
  items.forEach((item, index) => {
    const p = place(item, index);
    if (p === null) return;
    let units = byStratum.get(p.stratum);
    if (units === undefined) byStratum.set(p.stratum, (units = new Map()));
    const key = p.unit ?? `\u0000${index}`;
    const unit = units.get(key);
    if (unit === undefined) units.set(key, [index]);
    else unit.push(index);
  });
  const stratumNames = order([...byStratum.keys()]).filter((name) => byStratum.has(name));
  const unitOf = new Int32Array(items.length).fill(-1);
  const unitItems: number[][] = [];
  const stratumOfUnit: number[] = [];
  const strata = stratumNames.map((name, s) => {
    const units = [...byStratum.get(name)!.values()];
    for (const members of units) {
      for (const i of members) unitOf[i] = unitItems.length;
      unitItems.push(members);
      stratumOfUnit.push(s);
    }
    return units.length;
  });
  return { strata, stratumNames, unitOf, unitItems, unitStratum: Uint32Array.from(stratumOfUnit) };
}

/** The value of a dot-joined metric path (`tasks.OCR.acc`) in a metric tree, when it is a number. */
export function metricAt(metrics: unknown, key: string): number | undefined {
  let node = metrics;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "number" ? node : undefined;
}
