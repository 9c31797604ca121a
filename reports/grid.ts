import { quantileSorted } from "simple-statistics";
import type { PartialResult, ResultsFile } from "../src/types.js";
import { formatInterval, formatMetric, type MetricColumn, metricValue, modelLabel } from "./columns.js";
import { sampleSetNotes } from "./sample-set-notes.js";

/** One model's results plus what lies next to its results.json, as the grid needs them. */
export interface GridSource {
  results: ResultsFile;
  /** Where the results were read from, for footnotes. */
  file?: string;
  /** Scored item ids per benchmark (from items.jsonl), to check that rows scored the same items. */
  itemIds?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Latency of every stored answer of this model (from predictions.jsonl): exact percentiles. */
  latenciesMs?: readonly number[];
  /** Footnotes found while reading this source (e.g. no items.jsonl for --ci). */
  notes?: readonly string[];
}

export interface GridOptions {
  /** The metric columns, in order: `gridColumns(benchmarks)` of the benchmark registry (reports/columns.ts). */
  columns: readonly MetricColumn[];
  /** All metric columns, even for benchmarks no row has (default: only benchmarks some row has). */
  allColumns?: boolean;
  /** Show the bootstrap intervals stored in results.json (`benchmarks.<b>.ci`). */
  ci?: boolean;
}

export interface GridCell {
  value?: number;
  /** The value in the paper's display convention, "–" when missing. */
  text: string;
  /** Best in its column (ties at display precision all count). */
  best: boolean;
  ci?: [number, number];
  ciText?: string;
  /** The benchmark was only partly scored (results.json `partial`): every format marks it with PARTIAL_MARK, never best. */
  partial?: PartialResult;
}

/** The mark every format puts on a partial cell, explained in a footnote. */
export const PARTIAL_MARK = "†";

export interface RowSpeed {
  samplesPerS?: number;
  latencyP50?: number;
  latencyP95?: number;
  /** samples/s over the fastest row's samples/s. */
  relative?: number;
}

export interface GridRow {
  label: string;
  /** `adapter:name`. */
  model: string;
  harness: string;
  file?: string;
  factors: Record<string, string>;
  cells: GridCell[];
  speed: RowSpeed;
}

/** The Table 1 grid, independent of its output format. */
export interface Grid {
  factorKeys: string[];
  columns: MetricColumn[];
  rows: GridRow[];
  /** Some row has speed figures: the formats add the speed columns. */
  hasSpeed: boolean;
  /** Some cell has an interval. */
  hasCi: boolean;
  /** Warnings a reader of the grid must see: mixed harness versions, different item sets, … */
  notes: string[];
}

export const SPEED_LABELS = ["samples/s", "p50 ms", "p95 ms", "rel. speed"] as const;

/** Builds the grid: factor columns first, metric columns in the paper's order, best marked. */
export function buildGrid(sources: readonly GridSource[], options: GridOptions): Grid {
  const factorKeys = [...new Set(sources.flatMap((s) => Object.keys(s.results.model.factors ?? {})))];
  const columns = options.columns.filter(
    (c) => options.allColumns === true || sources.some((s) => s.results.benchmarks[c.benchmark] !== undefined),
  );
  // "Best" only among rows that scored the same samples (otherwise the notes say they are not
  // comparable), and never a partial result: it is neither best nor does it set the best.
  const best = columns.map((c) =>
    comparable(sources, c.benchmark)
      ? bestDisplayed(
          sources.map((s) => (s.results.benchmarks[c.benchmark]?.partial === undefined ? metricValue(s.results, c) : undefined)),
          c,
        )
      : undefined,
  );
  const notes: string[] = [];
  const rows = sources.map((source): GridRow => {
    const { results } = source;
    const cells = columns.map((c, i): GridCell => {
      const value = metricValue(results, c);
      const text = formatMetric(value, c.display);
      const partial = results.benchmarks[c.benchmark]?.partial;
      const cell: GridCell = {
        text,
        best: partial === undefined && value !== undefined && best[i] !== undefined && Number(text) === best[i],
      };
      if (value !== undefined) cell.value = value;
      if (partial !== undefined) cell.partial = partial;
      const ci = options.ci === true ? results.benchmarks[c.benchmark]?.ci?.metrics[c.path.join(".")] : undefined;
      if (ci !== undefined) Object.assign(cell, { ci, ciText: formatInterval(ci, c.display) });
      return cell;
    });
    return {
      label: modelLabel(results),
      model: `${results.model.adapter}:${results.model.name}`,
      harness: results.harness,
      ...(source.file !== undefined ? { file: source.file } : {}),
      factors: results.model.factors ?? {},
      cells,
      speed: rowSpeed(source, notes),
    };
  });
  const fastest = Math.max(...rows.map((r) => r.speed.samplesPerS ?? 0));
  if (fastest > 0) for (const r of rows) if (r.speed.samplesPerS !== undefined) r.speed.relative = r.speed.samplesPerS / fastest;

  notes.push(...sources.flatMap((s) => s.notes ?? []));
  const sets = sampleSetNotes(sources.map((s) => ({ label: modelLabel(s.results), results: s.results })));
  notes.unshift(
    ...harnessNotes(rows),
    ...itemSetNotes(sources, columns),
    ...sets,
    ...partialNotes(sources, columns),
    ...failureNotes(sources),
  );
  return {
    factorKeys,
    columns,
    rows,
    hasSpeed: rows.some((r) => Object.keys(r.speed).length > 0),
    hasCi: rows.some((r) => r.cells.some((c) => c.ci !== undefined)),
    notes,
  };
}

/** The best value as displayed, so that values that print the same are all marked; only with 2+ values. */
function bestDisplayed(values: readonly (number | undefined)[], column: MetricColumn): number | undefined {
  const shown = values
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .map((v) => Number(formatMetric(v, column.display)));
  return shown.length > 1 ? Math.max(...shown) : undefined;
}

/**
 * Throughput over all benchmarks = all samples / all time (Σn / Σ n/rate). Latency percentiles
 * are exact over the stored answers when predictions.jsonl was read; otherwise one benchmark's
 * figures, or for several an n-weighted mean of their percentiles, flagged as approximate.
 */
function rowSpeed(source: GridSource, notes: string[]): RowSpeed {
  const benches = Object.values(source.results.benchmarks).filter((b) => b.speed !== undefined);
  const speed: RowSpeed = {};
  const timed = benches.filter((b) => (b.speed!.samples_per_s ?? 0) > 0 && b.n > 0);
  if (timed.length > 0) {
    const n = timed.reduce((s, b) => s + b.n, 0);
    speed.samplesPerS = n / timed.reduce((s, b) => s + b.n / b.speed!.samples_per_s!, 0);
  }
  const latencies = source.latenciesMs?.filter(Number.isFinite) ?? [];
  if (latencies.length > 0) {
    const sorted = [...latencies].sort((a, b) => a - b);
    speed.latencyP50 = quantileSorted(sorted, 0.5);
    speed.latencyP95 = quantileSorted(sorted, 0.95);
    return speed;
  }
  const withLatency = benches.filter((b) => b.speed!.latency_ms_p50 !== undefined && b.speed!.latency_ms_p95 !== undefined);
  if (withLatency.length === 0) return speed;
  const weight = withLatency.reduce((s, b) => s + b.n, 0) || withLatency.length;
  const mean = (pick: (b: (typeof withLatency)[number]) => number) => withLatency.reduce((s, b) => s + pick(b) * (b.n || 1), 0) / weight;
  speed.latencyP50 = mean((b) => b.speed!.latency_ms_p50!);
  speed.latencyP95 = mean((b) => b.speed!.latency_ms_p95!);
  if (withLatency.length > 1) {
    notes.push(
      `${modelLabel(source.results)}: latency percentiles are n-weighted means of the benchmarks' percentiles (no predictions.jsonl next to its results.json), so approximate.`,
    );
  }
  return speed;
}

function harnessNotes(rows: readonly GridRow[]): string[] {
  const byHarness = new Map<string, string[]>();
  for (const r of rows) byHarness.set(r.harness, [...(byHarness.get(r.harness) ?? []), r.label]);
  if (byHarness.size < 2) return [];
  const groups = [...byHarness].map(([h, labels]) => `${h}: ${labels.join(", ")}`).join("; ");
  return [`The rows come from different harness versions (${groups}); prompts or scoring may differ between versions.`];
}

/** Rows compared on one benchmark must have scored the same items (same ids, or at least the same count). */
function itemSetNotes(sources: readonly GridSource[], columns: readonly MetricColumn[]): string[] {
  const notes: string[] = [];
  for (const benchmark of new Set(columns.map((c) => c.benchmark))) {
    const having = sources.filter((s) => s.results.benchmarks[benchmark] !== undefined);
    if (having.length < 2) continue;
    const sets = having.map((s) => s.itemIds?.get(benchmark));
    if (sets.every((s) => s !== undefined)) {
      const first = sets[0]!;
      if (sets.every((s) => s!.size === first.size && [...s!].every((id) => first.has(id)))) continue;
      const common = [...first].filter((id) => sets.every((s) => s!.has(id))).length;
      const counts = having.map((s, i) => `${modelLabel(s.results)}: ${sets[i]!.size}`).join(", ");
      notes.push(
        `${benchmark}: the rows were scored on different items (${counts}; ${common} in common), so their numbers are not comparable.`,
      );
    } else {
      const ns = having.map((s) => s.results.benchmarks[benchmark]!.n);
      if (ns.every((n) => n === ns[0])) continue;
      const counts = having.map((s, i) => `${modelLabel(s.results)}: n=${ns[i]}`).join(", ");
      notes.push(`${benchmark}: the rows were scored on different numbers of items (${counts}), so their numbers are not comparable.`);
    }
  }
  return notes;
}

/** The rows having `benchmark` scored the same items (ids, else counts) from the same sample set (provenance digest). */
function comparable(sources: readonly GridSource[], benchmark: string): boolean {
  // Partial rows are never best and are noted on their own: compare the complete ones.
  const having = sources.filter(
    (s) => s.results.benchmarks[benchmark] !== undefined && s.results.benchmarks[benchmark]!.partial === undefined,
  );
  const digests = new Set(having.map((s) => s.results.benchmarks[benchmark]!.provenance?.sample_set.sha256).filter((d) => d !== undefined));
  if (digests.size > 1) return false;
  const sets = having.map((s) => s.itemIds?.get(benchmark));
  if (sets.every((s) => s !== undefined)) return sets.every((s) => s!.size === sets[0]!.size && [...s!].every((id) => sets[0]!.has(id)));
  return having.every((s) => s.results.benchmarks[benchmark]!.n === having[0]!.results.benchmarks[benchmark]!.n);
}

function partialNotes(sources: readonly GridSource[], columns: readonly MetricColumn[]): string[] {
  const shown = new Set(columns.map((c) => c.benchmark));
  return sources.flatMap((s) =>
    Object.entries(s.results.benchmarks)
      .filter(([name, b]) => b.partial !== undefined && shown.has(name))
      .map(([name, b]) => {
        const p = b.partial!;
        const cut = p.limit !== undefined ? ` (--limit ${p.limit})` : "";
        return (
          `${PARTIAL_MARK} partial: ${modelLabel(s.results)}'s ${name} was scored on ${p.n} of ${p.of} samples${cut}; ` +
          `not comparable with complete results and never marked best.`
        );
      }),
  );
}

function failureNotes(sources: readonly GridSource[]): string[] {
  return sources.flatMap((s) =>
    Object.entries(s.results.benchmarks)
      .filter(([, b]) => b.failed > 0)
      .map(([name, b]) => `${modelLabel(s.results)}: ${b.failed} ${name} samples failed and are not scored.`),
  );
}

/** Speed figures as the formats print them. */
export function speedTexts(speed: RowSpeed): [string, string, string, string] {
  const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const ms = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  return [
    speed.samplesPerS !== undefined ? rate(speed.samplesPerS) : "–",
    speed.latencyP50 !== undefined ? ms(speed.latencyP50) : "–",
    speed.latencyP95 !== undefined ? ms(speed.latencyP95) : "–",
    speed.relative !== undefined ? `${speed.relative.toFixed(2)}×` : "–",
  ];
}
