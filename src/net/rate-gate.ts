/**
 * A global requests-per-second gate (token bucket with a one-second burst).
 * Rate 0 means unlimited: acquire() resolves at once.
 */
export function createRateGate(ratePerSecond: number): () => Promise<void> {
  if (!(ratePerSecond > 0)) return async () => {};
  const capacity = Math.max(1, ratePerSecond);
  let tokens = capacity;
  let last = performance.now();
  let queue: Promise<void> = Promise.resolve();
  const take = async (): Promise<void> => {
    for (;;) {
      const now = performance.now();
      tokens = Math.min(capacity, tokens + ((now - last) / 1000) * ratePerSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - tokens) / ratePerSecond) * 1000)));
    }
  };
  // Serialise waiters so they are served in order.
  return () => {
    queue = queue.then(take);
    return queue;
  };
}
