import type { TokenLogprob } from "../types.js";

/** The answer's first token and its log-probability in the unoccluded request. */
export interface AnswerToken {
  token: string;
  logprob: number;
}

/** The first generated token, or null when the model generated none (there is nothing to explain). */
export function answerToken(logprobs: readonly TokenLogprob[]): AnswerToken | null {
  const first = logprobs[0];
  return first === undefined ? null : { token: first.token, logprob: first.logprob };
}

/**
 * One cell's relevance: how much covering it lowered the log-probability of the original
 * answer's first token, in nats (unoccluded minus occluded). The occluded request's first
 * position is searched for that token, as the chosen token or among the top alternatives.
 * When it is in neither, its log-probability is at most the lowest listed one (the k-th), so that
 * value gives a lower bound on the drop and the cell is marked bounded. A first position with no
 * alternatives listed (top-k of 0) gives no bound at all: null.
 */
export function cellRelevance(answer: AnswerToken, occluded: readonly TokenLogprob[]): { value: number; bounded: boolean } | null {
  const first = occluded[0];
  if (first === undefined) return null;
  if (first.token === answer.token) return { value: answer.logprob - first.logprob, bounded: false };
  const listed = first.top.find((t) => t.token === answer.token);
  if (listed !== undefined) return { value: answer.logprob - listed.logprob, bounded: false };
  if (first.top.length === 0) return null;
  const kth = Math.min(first.logprob, ...first.top.map((t) => t.logprob));
  return { value: answer.logprob - kth, bounded: true };
}
