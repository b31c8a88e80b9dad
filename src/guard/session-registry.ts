/**
 * Binds session ids to the principal that created them. A session id is a handle, never a credential:
 * a request presenting a session id that another principal owns is refused, and so is one the guard never
 * issued or saw issued (guessing or replaying ids gets nothing).
 */
import { randomBytes } from 'node:crypto';

export type SessionCheck =
  | { ok: true }
  | { ok: false; reason: 'unknown-session' | 'session-principal-mismatch' };

export interface SessionRegistry {
  /** A fresh, cryptographically random id, recorded as owned by `principalId`. */
  mint(principalId: string, client?: string | null): string;
  /** Records an id an upstream issued to this principal. Returns false if another principal holds it. */
  bind(sessionId: string, principalId: string, client?: string | null): boolean;
  /** The clientInfo name seen at the session's initialize, for the audit log. */
  clientOf(sessionId: string): string | null;
  check(sessionId: string, principalId: string): SessionCheck;
  forget(sessionId: string): void;
  size(): number;
}

/** Sessions unused for `ttlMs` are dropped so the table cannot grow without bound. */
export function createSessionRegistry(
  options: { ttlMs?: number; maxSessions?: number } = {},
): SessionRegistry {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const maxSessions = options.maxSessions ?? 100_000;
  const owners = new Map<string, { principalId: string; lastUsed: number; client: string | null }>();

  function sweep(now: number): void {
    for (const [id, entry] of owners) {
      if (now - entry.lastUsed > ttlMs) owners.delete(id);
    }
    // Still full: evict the oldest (Map keeps insertion order; touches re-insert).
    while (owners.size >= maxSessions) {
      const oldest = owners.keys().next();
      if (oldest.done === true) break;
      owners.delete(oldest.value);
    }
  }

  function touch(id: string, principalId: string, client?: string | null): void {
    const previous = owners.get(id);
    owners.delete(id);
    owners.set(id, { principalId, lastUsed: Date.now(), client: client ?? previous?.client ?? null });
  }

  return {
    mint(principalId, client) {
      sweep(Date.now());
      const id = randomBytes(24).toString('base64url');
      touch(id, principalId, client);
      return id;
    },
    bind(sessionId, principalId, client) {
      const existing = owners.get(sessionId);
      if (existing !== undefined && existing.principalId !== principalId) return false;
      if (existing === undefined) sweep(Date.now());
      touch(sessionId, principalId, client);
      return true;
    },
    clientOf(sessionId) {
      return owners.get(sessionId)?.client ?? null;
    },
    check(sessionId, principalId) {
      const entry = owners.get(sessionId);
      if (entry === undefined) return { ok: false, reason: 'unknown-session' };
      if (entry.principalId !== principalId) return { ok: false, reason: 'session-principal-mismatch' };
      if (Date.now() - entry.lastUsed > ttlMs) {
        owners.delete(sessionId);
        return { ok: false, reason: 'unknown-session' };
      }
      touch(sessionId, principalId);
      return { ok: true };
    },
    forget(sessionId) {
      owners.delete(sessionId);
    },
    size() {
      return owners.size;
    },
  };
}
