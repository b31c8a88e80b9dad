import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { LockdownError } from '../../errors.ts';
import { isScopeToken } from '../../policy/scopes.ts';
import { withFileLock } from './store-lock.ts';

/**
 * The API key store: a small JSON file of key hashes. The plaintext key is shown once at creation and
 * never stored. A fast hash (SHA-256) is right here, unlike for passwords: each key is 32 random bytes,
 * so there is nothing to brute-force and slow hashing would only add latency to every request.
 */

export const API_KEY_PREFIX = 'mlk_';
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_STORE_BYTES = 4_194_304;

const recordSchema = z.strictObject({
  name: z.string().regex(KEY_NAME),
  hash: z.string().regex(/^sha256:[A-Za-z0-9_-]{43}$/),
  /** The first characters of the key, to help a human tell keys apart (not enough to guess it). */
  prefix: z.string().max(16),
  scopes: z.array(z.string().refine(isScopeToken)).default([]),
  createdAt: z.string(),
  revokedAt: z.string().nullable().default(null),
});
const storeSchema = z.strictObject({ version: z.literal(1), keys: z.array(recordSchema) });

export type ApiKeyRecord = z.output<typeof recordSchema>;
export type ApiKeyStore = z.output<typeof storeSchema>;

export function isValidKeyName(name: string): boolean {
  return KEY_NAME.test(name);
}

/** `mlk_` + 32 random bytes, base64url (43 characters). */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return `sha256:${apiKeyDigest(key).toString('base64url')}`;
}

/** The raw SHA-256 of a key, as matchApiKeyDigest takes it. */
export function apiKeyDigest(key: string): Buffer {
  return hash('sha256', key, 'buffer');
}

/** Read the store; a missing file is an empty store when `missingOk`. Throws ERR_KEY_STORE otherwise. */
export function readKeyStore(file: string, options: { missingOk?: boolean } = {}): ApiKeyStore {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_STORE_BYTES) throw new Error(`larger than ${MAX_STORE_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && options.missingOk)
      return { version: 1, keys: [] };
    throw new LockdownError('ERR_KEY_STORE', `cannot read key store ${file}: ${(err as Error).message}`, {
      file,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LockdownError('ERR_KEY_STORE', `key store ${file} is not valid JSON`, { file });
  }
  const parsed = storeSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : ` at ${first.path.join('.')}`;
    throw new LockdownError('ERR_KEY_STORE', `key store ${file} is corrupt${where}`, { file });
  }
  return parsed.data;
}

/** Write atomically (temp file in the same directory, fsync, rename) with mode 0600. */
export function writeKeyStore(file: string, store: ApiKeyStore): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(store, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // The temp file may not exist; nothing to clean.
    }
    throw new LockdownError('ERR_KEY_STORE', `cannot write key store ${file}: ${(err as Error).message}`, {
      file,
    });
  }
}

/** Create a key; returns the plaintext (show it once) and the stored record. */
export function createApiKey(
  file: string,
  name: string,
  scopes: readonly string[] = [],
  now: Date = new Date(),
): { key: string; record: ApiKeyRecord } {
  if (!isValidKeyName(name)) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `invalid key name ${JSON.stringify(name)}: use letters, digits, . _ - (max 64)`,
    );
  }
  const bad = scopes.find((s) => !isScopeToken(s));
  if (bad !== undefined)
    throw new LockdownError('ERR_INVALID_OPTION', `invalid scope ${JSON.stringify(bad)}`);
  return withFileLock(file, () => {
    const store = readKeyStore(file, { missingOk: true });
    if (store.keys.some((k) => k.name === name && k.revokedAt === null)) {
      throw new LockdownError(
        'ERR_INVALID_OPTION',
        `an active key named ${JSON.stringify(name)} already exists`,
      );
    }
    const key = generateApiKey();
    const record: ApiKeyRecord = {
      name,
      hash: hashApiKey(key),
      prefix: key.slice(0, API_KEY_PREFIX.length + 4),
      scopes: [...scopes],
      createdAt: now.toISOString(),
      revokedAt: null,
    };
    writeKeyStore(file, { version: 1, keys: [...store.keys, record] });
    return { key, record };
  });
}

/** Revoke every active key with this name; throws ERR_INVALID_OPTION when there is none. */
export function revokeApiKey(file: string, name: string, now: Date = new Date()): ApiKeyRecord[] {
  return withFileLock(file, () => {
    const store = readKeyStore(file);
    const revoked: ApiKeyRecord[] = [];
    const keys = store.keys.map((k) => {
      if (k.name !== name || k.revokedAt !== null) return k;
      const r = { ...k, revokedAt: now.toISOString() };
      revoked.push(r);
      return r;
    });
    if (revoked.length === 0) {
      throw new LockdownError('ERR_INVALID_OPTION', `no active key named ${JSON.stringify(name)}`);
    }
    writeKeyStore(file, { version: 1, keys });
    return revoked;
  });
}

/** Decoded stored hashes, once per loaded store rather than once per request. */
const decodedHashes = new WeakMap<ApiKeyStore, Buffer[]>();

function storedDigests(store: ApiKeyStore): Buffer[] {
  let hashes = decodedHashes.get(store);
  if (hashes === undefined) {
    hashes = store.keys.map((record) => Buffer.from(record.hash.slice('sha256:'.length), 'base64url'));
    decodedHashes.set(store, hashes);
  }
  return hashes;
}

/**
 * Find the record for a presented key. Compares the SHA-256 of the presented key with every stored
 * hash using timingSafeEqual and never stops early, so timing reveals neither which key nor how much
 * of it matched. Revoked keys never match.
 */
export function matchApiKey(store: ApiKeyStore, presented: string): ApiKeyRecord | null {
  return matchApiKeyDigest(store, apiKeyDigest(presented));
}

/** matchApiKey for a presented key already hashed with apiKeyDigest. */
export function matchApiKeyDigest(store: ApiKeyStore, digest: Buffer): ApiKeyRecord | null {
  const hashes = storedDigests(store);
  let found: ApiKeyRecord | null = null;
  for (const [i, record] of store.keys.entries()) {
    const stored = hashes[i] as Buffer;
    const equal = stored.length === digest.length && timingSafeEqual(stored, digest);
    if (equal && record.revokedAt === null && found === null) found = record;
  }
  return found;
}
