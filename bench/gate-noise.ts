import { mmeSamples, modelProbabilities, drawAnswers, scoreItems, seeded } from "./fixtures/gate-runs.js";
import { scoreMme } from "../datasets/mme/score.js";

/** Run-to-run spread of MME perception and cognition for one model under sampling noise (bench/gate.ts uses it). */
export function mmeNoise(accuracy: number, concentration: number, models: number, drawsPerModel: number, seed = 1): { perception: number; cognition: number } {
  const samples = mmeSamples();
  const rng = seeded(seed);
  const diffs = { perception: [] as number[], cognition: [] as number[] };
  for (let m = 0; m < models; m++) {
    const p = modelProbabilities(samples.length, accuracy, concentration, rng);
    for (let d = 0; d < drawsPerModel; d++) {
      const a = scoreMme(samples, drawAnswers(samples, p, rng)).metrics;
      const b = scoreMme(samples, drawAnswers(samples, p, rng)).metrics;
      diffs.perception.push((b.perception as number) - (a.perception as number));
      diffs.cognition.push((b.cognition as number) - (a.cognition as number));
    }
  }
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
  return { perception: sd(diffs.perception), cognition: sd(diffs.cognition) };
}
void scoreItems;
