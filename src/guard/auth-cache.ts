/**
 * Remembers successful JWT verifications so a client reusing its access token does not pay a signature
 * check on every request. Only JWT outcomes are cached (API keys are a hash lookup; introspection has its
 * own cache), never longer than the token's `exp` nor `maxTtlMs` (so a key removed from the JWKS stops
 * working within that bound), in a bounded map. Failures are never cached.
 */
import type { Authenticator, AuthOutcome } from './auth/authenticate.ts';

export function createCachedAuthenticator(
  inner: Authenticator,
  options: { maxEntries?: number; maxTtlMs?: number; now?: () => number } = {},
): Authenticator {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxTtlMs = options.maxTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { outcome: AuthOutcome; until: number }>();
  function remember(header: string | undefined, outcome: AuthOutcome): AuthOutcome {
    if (header !== undefined && outcome.ok && outcome.principal.kind === 'jwt') {
      const exp = outcome.principal.claims.exp;
      const until = Math.min(now() + maxTtlMs, typeof exp === 'number' ? exp * 1000 : 0);
      if (until > now()) {
        if (cache.size >= maxEntries) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) cache.delete(oldest.value);
        }
        cache.set(header, { outcome, until });
      }
    }
    return outcome;
  }

  return {
    authenticate(header) {
      if (header !== undefined && header.length > 0) {
        const hit = cache.get(header);
        if (hit !== undefined) {
          if (hit.until > now()) return hit.outcome;
          cache.delete(header);
        }
      }
      const outcome = inner.authenticate(header);
      return outcome instanceof Promise
        ? outcome.then((settled) => remember(header, settled))
        : remember(header, outcome);
    },
    close: () => inner.close(),
  };
}
