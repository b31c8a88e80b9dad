/** At most `limit` holders per key (the per-host in-flight cap); waiters are served in order. */
export interface KeyedSemaphore {
  acquire(key: string): Promise<() => void>;
}

export function createKeyedSemaphore(limit: number): KeyedSemaphore {
  const slots = new Map<string, { held: number; waiters: (() => void)[] }>();
  const release = (key: string) => {
    const slot = slots.get(key);
    if (!slot) return;
    const next = slot.waiters.shift();
    if (next) next();
    else if (--slot.held === 0) slots.delete(key);
  };
  return {
    async acquire(key) {
      let slot = slots.get(key);
      if (!slot) {
        slot = { held: 0, waiters: [] };
        slots.set(key, slot);
      }
      if (slot.held < limit) slot.held += 1;
      else await new Promise<void>((resolve) => slot.waiters.push(resolve));
      let released = false;
      return () => {
        if (!released) {
          released = true;
          release(key);
        }
      };
    },
  };
}
