import { quantileSorted } from "simple-statistics";
import type { PredictionRecord } from "./run-folder/predictions-jsonl.js";
import type { SpeedStats } from "./types.js";

/**
 * Throughput of the samples generated now, and latency percentiles over every stored answer.
 * A fully resumed benchmark generated nothing now, so it keeps the throughput measured before.
 */
export function speedStats(records: Iterable<PredictionRecord>, generated: number, elapsedMs: number, previous?: SpeedStats): SpeedStats {
  const latencies = [...records].map((r) => r.latency_ms).filter((x): x is number => x !== undefined && Number.isFinite(x));
  latencies.sort((a, b) => a - b);
  const speed: SpeedStats = {};
  if (generated > 0 && elapsedMs > 0) speed.samples_per_s = generated / (elapsedMs / 1000);
  else if (previous?.samples_per_s !== undefined) speed.samples_per_s = previous.samples_per_s;
  if (latencies.length > 0) {
    speed.latency_ms_p50 = quantileSorted(latencies, 0.5);
    speed.latency_ms_p95 = quantileSorted(latencies, 0.95);
  }
  return speed;
}
