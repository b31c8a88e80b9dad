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

/**
 * A used session moves to the back of the eviction order at most this often. Moving it on every request
 * (delete + set) made the Map rebuild its table every few requests, and obsolete tables promoted to the
 * old generation keep their successors alive through scavenges (see in-flight.ts); eviction order to
 * within a second is all the bound needs.
 */
const REORDER_AFTER_MS = 1000;
const SESSION_OK: SessionCheck = Object.freeze({ ok: true });

interface Owner {
  readonly principalId: string;
  lastUsed: number;
  /** When the entry last moved to the back of the eviction order. */
  movedAt: number;
  client: string | null;
}

/** Sessions unused for `ttlMs` are dropped so the table cannot grow without bound. */
export function createSessionRegistry(
  options: { ttlMs?: number; maxSessions?: number; now?: () => number } = {},
): SessionRegistry {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const maxSessions = options.maxSessions ?? 100_000;
  const now = options.now ?? Date.now;
  const owners = new Map<string, Owner>();

  function sweep(at: number): void {
    for (const [id, entry] of owners) {
      if (at - entry.lastUsed > ttlMs) owners.delete(id);
    }
    // Still full: evict the least recently used (Map keeps insertion order; use re-inserts).
    while (owners.size >= maxSessions) {
      const oldest = owners.keys().next();
      if (oldest.done === true) break;
      owners.delete(oldest.value);
    }
  }

  function touch(id: string, principalId: string, client?: string | null): void {
    const previous = owners.get(id);
    owners.delete(id);
    const at = now();
    owners.set(id, { principalId, lastUsed: at, movedAt: at, client: client ?? previous?.client ?? null });
  }

  /** Marks a session used; moves it to the back of the eviction order only when it has not moved lately. */
  function use(id: string, entry: Owner, at: number): void {
    if (at - entry.movedAt >= REORDER_AFTER_MS) {
      owners.delete(id);
      owners.set(id, entry);
      entry.movedAt = at;
    }
    entry.lastUsed = at;
  }

  return {
    mint(principalId, client) {
      sweep(now());
      const id = randomBytes(24).toString('base64url');
      touch(id, principalId, client);
      return id;
    },
    bind(sessionId, principalId, client) {
      const existing = owners.get(sessionId);
      if (existing !== undefined && existing.principalId !== principalId) return false;
      if (existing === undefined) sweep(now());
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
      const at = now();
      if (at - entry.lastUsed > ttlMs) {
        owners.delete(sessionId);
        return { ok: false, reason: 'unknown-session' };
      }
      use(sessionId, entry, at);
      return SESSION_OK;
    },
    forget(sessionId) {
      owners.delete(sessionId);
    },
    size() {
      return owners.size;
    },
  };
}
