import { vqaNormalize, vqaTrim } from "./normalize.js";

/**
 * The official VQA accuracy of one answer (current vqaEval.py): every answer is trimmed; only
 * when the ten human answers are not all identical (after trimming) are they and the answer
 * normalised; then for each human answer, min(1, matches among the other nine / 3), averaged.
 *
 * `keys` (rare) tells identical answer objects apart the way the official `item != gtAnsDatum`
 * does: an answer object is excluded from "the others" when it equals the current one as a whole.
 * `normalize` lets a caller memoise the normalisation over a whole dataset.
 */
export function vqaAccuracy(
  answer: string,
  humanAnswers: readonly string[],
  keys?: readonly string[],
  normalize: (text: string) => string = vqaNormalize,
): number {
  let gts = humanAnswers.map(vqaTrim);
  let res = vqaTrim(answer);
  if (gts.some((gt) => gt !== gts[0])) {
    gts = gts.map(normalize);
    res = normalize(res);
  }
  let sum = 0;
  if (keys === undefined) {
    // Objects all distinct: "the others" are the other nine.
    let matches = 0;
    for (const gt of gts) if (gt === res) matches++;
    for (const gt of gts) sum += Math.min(1, (matches - (gt === res ? 1 : 0)) / 3);
  } else {
    for (let i = 0; i < gts.length; i++) {
      let matches = 0;
      for (let j = 0; j < gts.length; j++) {
        const same = gts[j] === gts[i] && keys[j] === keys[i];
        if (!same && gts[j] === res) matches++;
      }
      sum += Math.min(1, matches / 3);
    }
  }
  return sum / gts.length;
}

/** A memoising wrapper around vqaNormalize for scoring many questions (answers repeat a lot). */
export function memoNormalize(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let out = cache.get(text);
    if (out === undefined) cache.set(text, (out = vqaNormalize(text)));
    return out;
  };
}
