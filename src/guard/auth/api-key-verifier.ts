import { statSync } from 'node:fs';
import {
  API_KEY_PREFIX,
  type ApiKeyRecord,
  type ApiKeyStore,
  apiKeyDigest,
  matchApiKeyDigest,
  readKeyStore,
} from './api-key-store.ts';
import type { Principal } from './principal.ts';
import { invalidToken, type VerifyResult } from './verify-result.ts';

export interface ApiKeyVerifier {
  verify(token: string): VerifyResult;
  /** Names of every key in the store (for policy validation). */
  keyNames(): string[];
}

/** How often the store file is checked for changes, so `keys revoke` takes effect without a restart. */
const RELOAD_CHECK_MS = 1000;
/** Digests of keys that matched once, so a client reusing its key does not pay a SHA-256 per request. */
const MAX_REMEMBERED_DIGESTS = 1024;

/**
 * Verify API keys against the store file. The store is read now (a bad store fails the start with
 * ERR_KEY_STORE) and re-read when its mtime or size changes. If a later read fails, every key fails
 * until the file is fixed: a revocation must never be undone by a broken file.
 */
export function createApiKeyVerifier(file: string, now: () => number = Date.now): ApiKeyVerifier {
  let store: ApiKeyStore | null = readKeyStore(file, { missingOk: true });
  let stamp = fileStamp(file);
  let checkedAt = now();
  // Only keys that matched are remembered (garbage cannot fill it), and only their digests: every request
  // is still matched against the current store in constant time, so revocation applies at once.
  const digests = new Map<string, Buffer>();

  function digestOf(token: string): Buffer {
    const known = digests.get(token);
    if (known !== undefined) return known;
    return apiKeyDigest(token);
  }

  function remember(token: string, digest: Buffer): void {
    if (digests.has(token)) return;
    if (digests.size >= MAX_REMEMBERED_DIGESTS) {
      const oldest = digests.keys().next();
      if (oldest.done !== true) digests.delete(oldest.value);
    }
    digests.set(token, digest);
  }

  function fileStamp(path: string): string {
    try {
      const s = statSync(path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  function refresh(): void {
    const t = now();
    if (t - checkedAt < RELOAD_CHECK_MS) return;
    checkedAt = t;
    const next = fileStamp(file);
    if (next === stamp) return;
    stamp = next;
    try {
      store = readKeyStore(file, { missingOk: true });
    } catch {
      store = null;
    }
  }

  return {
    verify(token) {
      refresh();
      if (store === null) return invalidToken('API key store is unavailable');
      const digest = digestOf(token);
      const record = matchApiKeyDigest(store, digest);
      if (record === null) return invalidToken('unknown or revoked API key');
      remember(token, digest);
      return { ok: true, principal: principalOf(record) };
    },
    keyNames() {
      refresh();
      return store === null ? [] : [...new Set(store.keys.map((k) => k.name))];
    },
  };
}

/** One frozen principal per key record (records are replaced when the store is re-read). */
const principals = new WeakMap<ApiKeyRecord, Principal>();

function principalOf(record: ApiKeyRecord): Principal {
  let principal = principals.get(record);
  if (principal === undefined) {
    const fresh: Principal = {
      id: `key:${record.name}`,
      kind: 'api-key',
      name: record.name,
      sub: null,
      clientId: null,
      scopes: [...record.scopes],
      groups: [],
      claims: {},
    };
    // Shared by every request with this key: frozen so no request can change what the next one sees.
    Object.freeze(fresh.scopes);
    Object.freeze(fresh.groups);
    Object.freeze(fresh.claims);
    principal = Object.freeze(fresh);
    principals.set(record, principal);
  }
  return principal;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
