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
  // Per stratum: its units in order of appearance, and the named ones by name (an item without a unit name is a unit of its own).
  const byStratum = new Map<string, { units: number[][]; named: Map<string, number[]> }>();
  items.forEach((item, index) => {
    const p = place(item, index);
    if (p === null) return;
    let stratum = byStratum.get(p.stratum);
    if (stratum === undefined) byStratum.set(p.stratum, (stratum = { units: [], named: new Map() }));
    if (p.unit === undefined) {
      stratum.units.push([index]);
      return;
    }
    const unit = stratum.named.get(p.unit);
    if (unit === undefined) {
      const created = [index];
      stratum.named.set(p.unit, created);
      stratum.units.push(created);
    } else unit.push(index);
  });
  const stratumNames = order([...byStratum.keys()]).filter((name) => byStratum.has(name));
  const unitOf = new Int32Array(items.length).fill(-1);
  const unitItems: number[][] = [];
  const stratumOfUnit: number[] = [];
  const strata = stratumNames.map((name, s) => {
    const { units } = byStratum.get(name)!;
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
