/**
 * A small TTL cache bounded in entries: when full, the oldest insertion is evicted (Map keeps insertion
 * order, so that is the first key). Expired entries are dropped when read.
 */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  readonly size: number;
  clear(): void;
}

export function createTtlCache<V>(maxEntries: number, now: () => number = Date.now): TtlCache<V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new TypeError('maxEntries must be a positive integer');
  const map = new Map<string, { value: V; expires: number }>();
  return {
    get(key) {
      const hit = map.get(key);
      if (hit === undefined) return undefined;
      if (hit.expires <= now()) {
        map.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(key, value, ttlMs) {
      if (!(ttlMs > 0)) return;
      map.delete(key);
      while (map.size >= maxEntries) {
        const oldest = map.keys().next();
        if (oldest.done) break;
        map.delete(oldest.value);
      }
      map.set(key, { value, expires: now() + ttlMs });
    },
    get size() {
      return map.size;
    },
    clear() {
      map.clear();
    },
  };
}
