/**
 * Per-principal abuse limits. Keys are principal ids, never session ids, so re-initializing a session
 * resets nothing. Counters live in memory (fixed-window-limiter.ts, checked synchronously), or in Redis
 * through rate-limiter-flexible when a URL is given so that several guard replicas share them. The
 * concurrency cap is per process (in-flight work is local).
 */
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LockdownError } from '../errors.ts';
import { createFixedWindowLimiter } from './fixed-window-limiter.ts';

export interface LimitsOptions {
  requestsPerMinute?: number | null | undefined;
  toolCallsPerMinute?: number | null | undefined;
  maxConcurrent?: number | null | undefined;
  /** JSON-RPC requests per principal per UTC day. */
  dailyQuota?: number | null | undefined;
  redisUrl?: string | null | undefined;
}

export type LimitReason = 'request-rate' | 'tool-rate' | 'daily-quota' | 'concurrency' | 'limits-unavailable';

export type LimitOutcome = { ok: true } | { ok: false; reason: LimitReason; retryAfterSeconds: number };

export interface GuardLimits {
  /**
   * Counts one HTTP request against the request rate, each tools/call in it against its tool's rate,
   * and its JSON-RPC requests against the daily quota. Synchronous with in-memory counters, a promise
   * with Redis.
   */
  consume(
    principalKey: string,
    rpcRequests: number,
    toolCalls: readonly string[],
  ): LimitOutcome | Promise<LimitOutcome>;
  /** Takes an in-flight slot; returns the release function, or null when the principal is at its cap. */
  acquire(principalKey: string): (() => void) | null;
  close(): Promise<void>;
}

type Limiter = RateLimiterRedis;

function positive(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

const ALLOWED: LimitOutcome = Object.freeze({ ok: true });

/**
 * How the three counters are kept: checked synchronously in memory, or through Redis. `msBeforeNext` is
 * 0 when allowed, else the time until the window closes (null when the store itself failed).
 */
interface CounterStore {
  readonly sync: boolean;
  take(kind: 'req' | 'tool' | 'day', key: string, points: number): number | null | Promise<number | null>;
}

function memoryStore(options: LimitsOptions): CounterStore {
  const make = (points: number | null | undefined, durationMs: number) =>
    positive(points) ? createFixedWindowLimiter({ points, durationMs }) : null;
  const limiters = {
    req: make(options.requestsPerMinute, 60_000),
    tool: make(options.toolCallsPerMinute, 60_000),
    day: make(options.dailyQuota, 86_400_000),
  };
  return { sync: true, take: (kind, key, points) => limiters[kind]?.consume(key, points) ?? 0 };
}

function redisStore(redis: Redis, options: LimitsOptions): CounterStore {
  const make = (keyPrefix: string, points: number | null | undefined, duration: number): Limiter | null =>
    positive(points)
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `mcp-lockdown:${keyPrefix}`, points, duration })
      : null;
  const limiters = {
    req: make('req', options.requestsPerMinute, 60),
    tool: make('tool', options.toolCallsPerMinute, 60),
    day: make('day', options.dailyQuota, 86_400),
  };
  return {
    sync: false,
    async take(kind, key, points) {
      const limiter = limiters[kind];
      if (limiter === null) return 0;
      try {
        await limiter.consume(key, points);
        return 0;
      } catch (rejection) {
        return rejection instanceof RateLimiterRes ? Math.max(1, rejection.msBeforeNext) : null;
      }
    },
  };
}

function verdict(msBeforeNext: number | null, reason: LimitReason): LimitOutcome {
  if (msBeforeNext === 0) return ALLOWED;
  if (msBeforeNext === null) return { ok: false, reason: 'limits-unavailable', retryAfterSeconds: 1 };
  return { ok: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) };
}

/** The daily window is a calendar day (UTC date in the key), so Retry-After points at midnight UTC. */
function dailyVerdict(msBeforeNext: number | null, now: number): LimitOutcome {
  const outcome = verdict(msBeforeNext, 'daily-quota');
  if (outcome.ok || outcome.reason !== 'daily-quota') return outcome;
  const midnight = now - (now % 86_400_000) + 86_400_000;
  return { ...outcome, retryAfterSeconds: Math.max(1, Math.ceil((midnight - now) / 1000)) };
}

let cachedDay = { from: 0, until: 0, text: '' };

/** The UTC date (YYYY-MM-DD) of `now`, recomputed once per day rather than once per request. */
function utcDate(t: number): string {
  if (t < cachedDay.from || t >= cachedDay.until) {
    const from = t - (t % 86_400_000);
    cachedDay = { from, until: from + 86_400_000, text: new Date(from).toISOString().slice(0, 10) };
  }
  return cachedDay.text;
}

export async function createGuardLimits(options: LimitsOptions): Promise<GuardLimits> {
  let redis: Redis | null = null;
  if (typeof options.redisUrl === 'string' && options.redisUrl.length > 0) {
    redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => {
      // Connection errors surface as rejected consumes (answered 503); don't crash on the event.
    });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new LockdownError(
        'ERR_INVALID_CONFIG',
        `limits.redisUrl: cannot connect to Redis (${String(error)})`,
      );
    }
  }
  const store = redis === null ? memoryStore(options) : redisStore(redis, options);
  const maxConcurrent = positive(options.maxConcurrent) ? options.maxConcurrent : null;
  const inFlight = new Map<string, number>();
  const dayKey = (principalKey: string, now: number): string => `${principalKey}\u0000${utcDate(now)}`;

  function consumeSync(
    principalKey: string,
    rpcRequests: number,
    toolCalls: readonly string[],
  ): LimitOutcome {
    const first = verdict(store.take('req', principalKey, 1) as number, 'request-rate');
    if (!first.ok) return first;
    for (const tool of toolCalls) {
      const perTool = verdict(store.take('tool', `${principalKey}\u0000${tool}`, 1) as number, 'tool-rate');
      if (!perTool.ok) return perTool;
    }
    if (rpcRequests <= 0) return ALLOWED;
    const now = Date.now();
    return dailyVerdict(store.take('day', dayKey(principalKey, now), rpcRequests) as number, now);
  }

  async function consumeAsync(
    principalKey: string,
    rpcRequests: number,
    toolCalls: readonly string[],
  ): Promise<LimitOutcome> {
    const first = verdict(await store.take('req', principalKey, 1), 'request-rate');
    if (!first.ok) return first;
    for (const tool of toolCalls) {
      const perTool = verdict(await store.take('tool', `${principalKey}\u0000${tool}`, 1), 'tool-rate');
      if (!perTool.ok) return perTool;
    }
    if (rpcRequests <= 0) return ALLOWED;
    const now = Date.now();
    return dailyVerdict(await store.take('day', dayKey(principalKey, now), rpcRequests), now);
  }

  return {
    consume: store.sync ? consumeSync : consumeAsync,
    acquire(principalKey) {
      const current = inFlight.get(principalKey) ?? 0;
      if (maxConcurrent !== null && current >= maxConcurrent) return null;
      inFlight.set(principalKey, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const n = (inFlight.get(principalKey) ?? 1) - 1;
        if (n <= 0) inFlight.delete(principalKey);
        else inFlight.set(principalKey, n);
      };
    },
    async close() {
      if (redis !== null) {
        await redis.quit().catch(() => redis?.disconnect());
      }
    },
  };
}
