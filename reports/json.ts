import { columnKey } from "./columns.js";
import type { Grid } from "./grid.js";

/**
 * The grid as JSON for programs: raw values at full precision (null when missing) next to
 * the display text, the best flag, `partial` ({limit?, n, of} for a partly scored benchmark, else null), intervals, speed and the footnotes.
 */
export function renderJson(grid: Grid): string {
  const document = {
    columns: grid.columns.map((c) => ({ key: columnKey(c), label: c.label, display: c.display })),
    factors: grid.factorKeys,
    rows: grid.rows.map((r) => ({
      label: r.label,
      model: r.model,
      harness: r.harness,
      ...(r.file !== undefined ? { file: r.file } : {}),
      factors: r.factors,
      metrics: Object.fromEntries(
        r.cells.map((c, i) => [
          columnKey(grid.columns[i]!),
          {
            value: c.value ?? null,
            text: c.text,
            best: c.best,
            partial: c.partial ?? null,
            ...(c.ci !== undefined ? { ci: c.ci } : {}),
          },
        ]),
      ),
      speed: {
        samples_per_s: r.speed.samplesPerS ?? null,
        latency_ms_p50: r.speed.latencyP50 ?? null,
        latency_ms_p95: r.speed.latencyP95 ?? null,
        relative: r.speed.relative ?? null,
      },
    })),
    notes: grid.notes,
  };
  return JSON.stringify(document, null, 2) + "\n";
}
