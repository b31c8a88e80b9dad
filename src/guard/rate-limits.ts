/**
 * Per-principal abuse limits (rate-limiter-flexible). Keys are principal ids, never session ids, so
 * re-initializing a session resets nothing. Counters live in memory, or in Redis when a URL is given so
 * that several guard replicas share them. The concurrency cap is per process (in-flight work is local).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LockdownError } from '../errors.ts';

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
   * and its JSON-RPC requests against the daily quota.
   */
  consume(principalKey: string, rpcRequests: number, toolCalls: string[]): Promise<LimitOutcome>;
  /** Takes an in-flight slot; returns the release function, or null when the principal is at its cap. */
  acquire(principalKey: string): (() => void) | null;
  close(): Promise<void>;
}

type Limiter = RateLimiterMemory | RateLimiterRedis;

function positive(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
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
  const make = (keyPrefix: string, points: number, duration: number): Limiter =>
    redis === null
      ? new RateLimiterMemory({ keyPrefix, points, duration })
      : new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `mcp-lockdown:${keyPrefix}`,
          points,
          duration,
        });

  const requestRate = positive(options.requestsPerMinute) ? make('req', options.requestsPerMinute, 60) : null;
  const toolRate = positive(options.toolCallsPerMinute) ? make('tool', options.toolCallsPerMinute, 60) : null;
  const daily = positive(options.dailyQuota) ? make('day', options.dailyQuota, 86_400) : null;
  const maxConcurrent = positive(options.maxConcurrent) ? options.maxConcurrent : null;
  const inFlight = new Map<string, number>();

  async function take(
    limiter: Limiter | null,
    key: string,
    reason: LimitReason,
    points = 1,
  ): Promise<LimitOutcome> {
    if (limiter === null || points <= 0) return { ok: true };
    try {
      await limiter.consume(key, points);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return {
          ok: false,
          reason,
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        };
      }
      return { ok: false, reason: 'limits-unavailable', retryAfterSeconds: 1 };
    }
  }

  return {
    async consume(principalKey, rpcRequests, toolCalls) {
      const first = await take(requestRate, principalKey, 'request-rate');
      if (!first.ok) return first;
      for (const tool of toolCalls) {
        const perTool = await take(toolRate, `${principalKey}\u0000${tool}`, 'tool-rate');
        if (!perTool.ok) return perTool;
      }
      // The UTC date in the key makes the window a calendar day; Retry-After points at midnight UTC.
      const now = new Date();
      const quota = await take(
        daily,
        `${principalKey}\u0000${now.toISOString().slice(0, 10)}`,
        'daily-quota',
        rpcRequests,
      );
      if (!quota.ok) {
        const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
        return { ...quota, retryAfterSeconds: Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)) };
      }
      return { ok: true };
    },
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
