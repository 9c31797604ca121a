import { exactMcNemarDropP, mcnemar } from "../stats/mcnemar.js";
import { allOnes } from "../stats/resample.js";
import { SIGN_FLIP_DEFAULTS, signFlipTest } from "../stats/sign-flip.js";
import type { ItemMetric, ItemMetricDesign, MetricUnit, ScoredItem } from "../types.js";
import { deltaMethodInterval, type ReducedPair, reducePair } from "./reduce.js";

/** How a metric's drop was tested. */
export type GateTest = "exact McNemar" | "exact randomization" | "randomization";

/** One metric's paired test, before the family-wide Holm step and the decision. */
export interface MetricTest {
  /** The item metric's key (`f1`, `perception`). */
  key: string;
  unit: MetricUnit;
  test: GateTest;
  n: number;
  baseline: number;
  candidate: number;
  /** candidate − baseline. */
  difference: number;
  /** Interval for the difference at the given level: Wald (McNemar) or delta method (randomization). */
  ci: [number, number];
  /** One-sided p for a drop, and for a gain. */
  pDrop: number;
  pGain: number;
  /** Spread of the difference under H0 over the observed discordant units (for the detectable drop). */
  nullSd: number;
  /** Units (items, or images, split cells…) whose two runs' values differ: the only ones the test looks at. */
  discordant: number;
  /**
   * Of those, the units the candidate lost and gained: right → wrong and wrong → right for McNemar;
   * for the randomization test, units whose change alone lowers or raises the metric (metric-tests.ts: unitChanges).
   */
  lost: number;
  gained: number;
  /** Discordant units and how the p-value was found. */
  detail: string;
}

export interface TestSettings {
  /** Random swaps when the swaps cannot all be enumerated (default 10 000), and their seed (default 0). */
  resamples?: number;
  seed?: number;
  level: number;
}

/** Thrown when two runs group their common items differently; the caller names the runs. */
export class DesignMismatch extends Error {}

/**
 * Tests every given metric on paired items (same items, same order): a plain share of 0/1 items
 * by one-sided exact McNemar; any other metric by a paired randomization test over its own units
 * and strata, exact when the discordant units allow (src/stats/sign-flip.ts). Both reduce the
 * items to a few counts first, so the cost barely grows with n.
 */
export function testMetrics(
  definitions: readonly ItemMetric[],
  base: readonly ScoredItem[],
  cand: readonly ScoredItem[],
  settings: TestSettings,
): MetricTest[] {
  const tests: MetricTest[] = [];
  for (const definition of definitions) {
    const b = definition.prepare(base);
    const c = definition.prepare(cand);
    const common = { key: definition.key, unit: definition.unit, baseline: valueOfAll(b), candidate: valueOfAll(c) };
    if (definition.test === "mcnemar") {
      const r = mcnemar(
        base.map((i) => i.correct ?? 0),
        cand.map((i) => i.correct ?? 0),
        settings.level,
      );
      tests.push({
        ...common,
        test: "exact McNemar",
        n: r.n,
        difference: r.difference,
        ci: r.ci,
        pDrop: exactMcNemarDropP(r.lost, r.gained),
        pGain: exactMcNemarDropP(r.gained, r.lost),
        nullSd: r.n === 0 ? 0 : Math.sqrt(r.lost + r.gained) / r.n,
        discordant: r.lost + r.gained,
        lost: r.lost,
        gained: r.gained,
        detail: `${r.lost} lost, ${r.gained} gained`,
      });
      continue;
    }
    if (!sameDesign(b, c))
      throw new DesignMismatch(`${definition.key}: the two runs group the common items differently (their items' meta differ)`);
    if (b.strata.every((size) => size === 0)) continue;
    const pair = reducePair(b, c);
    const r = signFlipTest(pair, { resamples: settings.resamples, seed: settings.seed });
    const units = b.strata.reduce((s, x) => s + x, 0);
    tests.push({
      ...common,
      test: r.exact ? "exact randomization" : "randomization",
      n: units,
      difference: r.difference,
      ci: deltaMethodInterval(pair, settings.level),
      pDrop: r.pDrop,
      pGain: r.pGain,
      nullSd: r.nullSd,
      discordant: r.discordant,
      ...unitChanges(pair),
      detail: r.exact
        ? `${r.discordant} of ${units} units discordant, all ${r.resamples} swap outcomes enumerated`
        : `${r.discordant} of ${units} units discordant, ${r.resamples} random swaps, seed ${settings.seed ?? SIGN_FLIP_DEFAULTS.seed}`,
    });
  }
  return tests;
}

/**
 * Lost and gained units of a randomization-tested metric: a discordant unit is lost when putting its
 * candidate answer in place of the baseline's, alone, lowers the metric at the baseline's sums, and
 * gained when it raises it — for a mean of graded scores, a lower or a higher score. Units whose
 * change alone leaves the metric as it is (e.g. a POPE answer moving between two cells F1 ignores) are neither.
 */
function unitChanges(pair: ReducedPair): { lost: number; gained: number } {
  const at = Float64Array.from(pair.baseline);
  const before = pair.value(at);
  let lost = 0;
  let gained = 0;
  for (const g of pair.groups) {
    for (let d = 0; d < g.delta.length; d++) at[g.offset + d]! += g.delta[d]!;
    const after = pair.value(at);
    for (let d = 0; d < g.delta.length; d++) at[g.offset + d] = pair.baseline[g.offset + d]!;
    if (after < before) lost += g.count;
    else if (after > before) gained += g.count;
  }
  return { lost, gained };
}

const valueOfAll = (design: ItemMetricDesign): number => design.value(allOnes(design.strata));

function sameDesign(a: ItemMetricDesign, b: ItemMetricDesign): boolean {
  if (a.strata.length !== b.strata.length || a.unitOf.length !== b.unitOf.length || a.sums.dims !== b.sums.dims) return false;
  for (let i = 0; i < a.strata.length; i++) if (a.strata[i] !== b.strata[i]) return false;
  for (let i = 0; i < a.unitOf.length; i++) if (a.unitOf[i] !== b.unitOf[i]) return false;
  return true;
}
