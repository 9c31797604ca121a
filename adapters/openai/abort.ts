/**
 * One "abort" listener per run signal, however many requests and backoff waits are in flight.
 * Adding a listener per request trips Node's MaxListenersExceededWarning at 11 (the runner
 * goes to 64 concurrent requests) and costs an add/remove per attempt.
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns the unsubscribe. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => {};
  }
  let set = subscribers.get(signal);
  if (set === undefined) {
    const created = new Set<() => void>();
    signal.addEventListener(
      "abort",
      () => {
        subscribers.delete(signal);
        for (const notify of created) notify();
        created.clear();
      },
      { once: true },
    );
    subscribers.set(signal, created);
    set = created;
  }
  set.add(callback);
  const subscribed = set;
  return () => {
    subscribed.delete(callback);
  };
}
