import { createHash } from 'node:crypto';
import { missingScopes } from '../../policy/scopes.ts';
import type { GuardConfig } from '../config/guard-config-schema.ts';
import { principalFromClaims } from './claims-to-principal.ts';
import { createTtlCache } from './ttl-cache.ts';
import { invalidToken, type VerifyResult } from './verify-result.ts';

type IntrospectionConfig = NonNullable<GuardConfig['auth']['introspection']>;

export interface IntrospectionVerifier {
  verify(token: string): Promise<VerifyResult>;
  /** Answers served from cache and introspection requests made (for tests and metrics). */
  stats(): { cacheHits: number; requests: number };
  close(): void;
}

const MAX_RESPONSE_BYTES = 65_536;
const CLOCK_TOLERANCE_SEC = 30;

async function readBounded(res: Response): Promise<string> {
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > MAX_RESPONSE_BYTES) throw new Error('introspection response too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function audienceIncludes(aud: unknown, resource: string): boolean {
  if (typeof aud === 'string') return aud === resource;
  if (Array.isArray(aud)) return aud.includes(resource);
  return false;
}

/**
 * RFC 7662 token introspection: POST the token (form-encoded) with HTTP Basic client authentication.
 * Only `active: true` passes; `aud` must name this resource when present; exp/nbf are honoured when
 * present. Answers (positive and negative) are cached for a short TTL, never past the token's exp, keyed
 * by the token's SHA-256; concurrent lookups of one token share a request. Failures to reach the endpoint
 * are not cached and fail closed.
 */
export function createIntrospectionVerifier(
  config: IntrospectionConfig,
  resource: string,
  groupsClaims: readonly string[],
): IntrospectionVerifier {
  const cache = createTtlCache<VerifyResult>(config.cacheMaxEntries);
  const basic = Buffer.from(
    `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`,
    'utf8',
  ).toString('base64');
  const required = [...config.requiredScopes];
  const inFlight = new Map<string, Promise<VerifyResult>>();
  let cacheHits = 0;
  let requests = 0;

  async function introspect(token: string): Promise<{ result: VerifyResult; cacheForMs: number }> {
    requests++;
    let body: string;
    try {
      const res = await fetch(config.url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      body = await readBounded(res);
      if (res.status !== 200) return { result: invalidToken('token could not be validated'), cacheForMs: 0 };
    } catch {
      return { result: invalidToken('token could not be validated'), cacheForMs: 0 };
    }
    let claims: unknown;
    try {
      claims = JSON.parse(body);
    } catch {
      return { result: invalidToken('token could not be validated'), cacheForMs: 0 };
    }
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      return { result: invalidToken('token could not be validated'), cacheForMs: 0 };
    }
    const c = claims as Record<string, unknown>;
    const ttlMs = config.cacheTtlSec * 1000;
    if (c.active !== true) return { result: invalidToken('token is not active'), cacheForMs: ttlMs };
    const nowSec = Date.now() / 1000;
    if (typeof c.exp === 'number' && c.exp + CLOCK_TOLERANCE_SEC <= nowSec) {
      return { result: invalidToken('token expired'), cacheForMs: ttlMs };
    }
    if (typeof c.nbf === 'number' && c.nbf - CLOCK_TOLERANCE_SEC > nowSec) {
      return { result: invalidToken('token not yet valid'), cacheForMs: 0 };
    }
    if (c.aud !== undefined && !audienceIncludes(c.aud, resource)) {
      return { result: invalidToken('token audience is not this resource'), cacheForMs: ttlMs };
    }
    const principal = principalFromClaims('introspection', c, groupsClaims);
    if (principal === null)
      return { result: invalidToken('token names neither a subject nor a client'), cacheForMs: ttlMs };
    const untilExp = typeof c.exp === 'number' ? (c.exp - nowSec) * 1000 : ttlMs;
    const cacheForMs = Math.min(ttlMs, untilExp);
    if (missingScopes(principal.scopes, required).length > 0) {
      return {
        result: {
          ok: false,
          error: 'insufficient_scope',
          description: 'token lacks a required scope',
          requiredScopes: required,
        },
        cacheForMs,
      };
    }
    return { result: { ok: true, principal }, cacheForMs };
  }

  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const hit = cache.get(key);
      if (hit !== undefined) {
        cacheHits++;
        return hit;
      }
      // Concurrent requests with the same token share one introspection call.
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const p = introspect(token).then(({ result, cacheForMs }) => {
        cache.set(key, result, cacheForMs);
        return result;
      });
      inFlight.set(key, p);
      try {
        return await p;
      } finally {
        inFlight.delete(key);
      }
    },
    stats: () => ({ cacheHits, requests }),
    close: () => cache.clear(),
  };
}
