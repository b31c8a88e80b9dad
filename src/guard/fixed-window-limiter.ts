/**
 * In-memory fixed-window counters, synchronous. A window opens at a key's first consumption and lasts
 * `durationMs`; consumptions past `points` inside it are refused with the time left until it closes. Like
 * rate-limiter-flexible's memory store (which this replaces on the hot path), refused points still count,
 * so hammering a closed window does not reopen it early. Synchronous because the guard checks limits on
 * every request and two promise round trips per request were a measurable share of its CPU.
 *
 * Memory is bounded: expired windows are swept at most once per `sweepEveryMs`, and when `maxKeys` live
 * windows exist the oldest-opened one is dropped to make room. Keys come from authenticated principals and
 * the tool names they call, so only an authenticated caller can add keys; the per-principal request rate
 * (whose keys are principals only) is what bounds a caller who invents tool names.
 */

export interface FixedWindowOptions {
  points: number;
  durationMs: number;
  maxKeys?: number;
  sweepEveryMs?: number;
  now?: () => number;
}

export interface FixedWindowLimiter {
  /** Consumes `points` for `key`: 0 when allowed, else the milliseconds until the key's window closes. */
  consume(key: string, points?: number): number;
  /** Live windows (tests and metrics). */
  readonly size: number;
}

interface Window {
  used: number;
  endsAt: number;
}

export function createFixedWindowLimiter(options: FixedWindowOptions): FixedWindowLimiter {
  const { points, durationMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const sweepEveryMs = options.sweepEveryMs ?? Math.min(durationMs, 60_000);
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  let nextSweep = now() + sweepEveryMs;

  function sweep(at: number): void {
    for (const [key, w] of windows) if (w.endsAt <= at) windows.delete(key);
  }

  return {
    consume(key, amount = 1) {
      const at = now();
      if (at >= nextSweep) {
        sweep(at);
        nextSweep = at + sweepEveryMs;
      }
      let w = windows.get(key);
      if (w === undefined || w.endsAt <= at) {
        if (w !== undefined) windows.delete(key);
        else if (windows.size >= maxKeys) {
          sweep(at);
          if (windows.size >= maxKeys) {
            const oldest = windows.keys().next();
            if (oldest.done !== true) windows.delete(oldest.value);
          }
        }
        w = { used: 0, endsAt: at + durationMs };
        windows.set(key, w);
      }
      w.used += amount;
      return w.used <= points ? 0 : w.endsAt - at;
    },
    get size() {
      return windows.size;
    },
  };
}
