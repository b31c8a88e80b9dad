import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { runKeysCommand } from '../../../src/cli/keys-command.ts';
import {
  createApiKey,
  generateApiKey,
  hashApiKey,
  matchApiKey,
  readKeyStore,
  revokeApiKey,
} from '../../../src/guard/auth/api-key-store.ts';
import { createApiKeyVerifier } from '../../../src/guard/auth/api-key-verifier.ts';
import { createAuthenticator } from '../../../src/guard/auth/authenticate.ts';
import { withFileLock } from '../../../src/guard/auth/store-lock.ts';
import { loadGuardConfig } from '../../../src/guard/config/load-guard-config.ts';
import { resolveResource } from '../../../src/guard/protected-resource-metadata.ts';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mcp-lockdown-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(dir, `keys-${n++}.json`);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('API key store', () => {
  test('keys are mlk_ + 32 random bytes base64url, and unique', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    assert.equal(keys.size, 200);
    for (const k of keys) {
      assert.match(k, /^mlk_[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(k.slice(4), 'base64url').length, 32);
    }
  });

  test('create stores only the hash, in a 0600 file written atomically', () => {
    const file = freshFile();
    const { key, record } = createApiKey(file, 'ci-bot', ['mcp:read']);
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(key), 'plaintext key is not stored');
    assert.ok(!text.includes(key.slice(8)), 'no long fragment of the key is stored');
    assert.equal(record.hash, hashApiKey(key));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp files left behind',
    );
    const store = readKeyStore(file);
    assert.equal(store.keys.length, 1);
    assert.deepEqual(store.keys[0]?.scopes, ['mcp:read']);
  });

  test('a second active key with the same name is refused; bad names are refused', () => {
    const file = freshFile();
    createApiKey(file, 'dup');
    assert.throws(() => createApiKey(file, 'dup'), { code: 'ERR_INVALID_OPTION' });
    for (const bad of ['', '-x', 'has space', 'a'.repeat(65), 'tab\tname', 'x/../y']) {
      assert.throws(() => createApiKey(file, bad), { code: 'ERR_INVALID_OPTION' }, bad);
    }
  });

  test('matching: exact key matches, near misses and revoked keys do not', () => {
    const file = freshFile();
    const a = createApiKey(file, 'a').key;
    const b = createApiKey(file, 'b').key;
    let store = readKeyStore(file);
    assert.equal(matchApiKey(store, a)?.name, 'a');
    assert.equal(matchApiKey(store, b)?.name, 'b');
    const last = a.at(-1) === 'A' ? 'B' : 'A';
    for (const miss of [`${a.slice(0, -1)}${last}`, a.slice(0, -1), `${a}x`, a.toUpperCase(), '', 'mlk_']) {
      assert.equal(matchApiKey(store, miss), null, miss);
    }
    revokeApiKey(file, 'a');
    store = readKeyStore(file);
    assert.equal(matchApiKey(store, a), null);
    assert.equal(matchApiKey(store, b)?.name, 'b');
    assert.throws(() => revokeApiKey(file, 'a'), { code: 'ERR_INVALID_OPTION' });
  });

  test('property: only the stored key matches', () => {
    const file = freshFile();
    const { key } = createApiKey(file, 'prop');
    const store = readKeyStore(file);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        assert.equal(matchApiKey(store, s) !== null, s === key);
      }),
    );
  });

  test('unreadable or corrupt stores fail with ERR_KEY_STORE', () => {
    const file = freshFile();
    assert.throws(() => readKeyStore(file), { code: 'ERR_KEY_STORE' });
    assert.deepEqual(readKeyStore(file, { missingOk: true }).keys, []);
    for (const body of ['{', '[]', '{"version":2,"keys":[]}', '{"version":1,"keys":[{"name":"x"}]}']) {
      writeFileSync(file, body);
      assert.throws(() => readKeyStore(file), { code: 'ERR_KEY_STORE' }, body);
    }
    assert.throws(() => createApiKey(file, 'x'), { code: 'ERR_KEY_STORE' });
  });

  test('concurrent creates from separate processes lose no key (lock file)', async () => {
    const file = freshFile();
    const store = new URL('../../../src/guard/auth/api-key-store.ts', import.meta.url).href;
    const runs = Array.from({ length: 6 }, (_, i) =>
      execFileAsync(process.execPath, [
        '--input-type=module',
        '-e',
        `import { createApiKey } from ${JSON.stringify(store)}; for (let j = 0; j < 5; j++) createApiKey(${JSON.stringify(file)}, 'p${i}-' + j);`,
      ]),
    );
    await Promise.all(runs);
    const names = readKeyStore(file).keys.map((k) => k.name);
    assert.equal(names.length, 30);
    assert.equal(new Set(names).size, 30);
    assert.ok(!existsSync(`${file}.lock`), 'lock released');
  });

  test('a stale lock is broken; a live lock times out with ERR_KEY_STORE', () => {
    const file = freshFile();
    writeFileSync(`${file}.lock`, '999999\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    assert.doesNotThrow(() => createApiKey(file, 'after-stale'));
    writeFileSync(`${file}.lock`, '999999\n');
    assert.throws(() => withFileLock(file, () => 1, { timeoutMs: 100 }), {
      code: 'ERR_KEY_STORE',
      message: /locked/,
    });
  });

  test('the verifier picks up revocation from the file without a restart', () => {
    const file = freshFile();
    const { key } = createApiKey(file, 'live');
    let clock = 1_000_000;
    const verifier = createApiKeyVerifier(file, () => clock);
    assert.equal(verifier.verify(key).ok, true);
    revokeApiKey(file, 'live');
    clock += 1500;
    assert.equal(verifier.verify(key).ok, false);
  });

  test('a store that turns corrupt after startup fails closed', () => {
    const file = freshFile();
    const { key } = createApiKey(file, 'x');
    let clock = 0;
    const verifier = createApiKeyVerifier(file, () => clock);
    assert.equal(verifier.verify(key).ok, true);
    writeFileSync(file, '{ broken');
    clock += 5000;
    assert.equal(verifier.verify(key).ok, false);
  });
});

describe('API keys through the authenticator', () => {
  test('valid key authenticates as key:<name> with the key scopes; revoked and unknown keys fail', async () => {
    const file = freshFile();
    const { key } = createApiKey(file, 'alice', ['files:read']);
    const config = await loadGuardConfig({
      flags: {
        publicUrl: 'http://127.0.0.1:6280/mcp',
        upstream: { command: 'true' },
        auth: { apiKeys: { file } },
      },
    });
    const auth = createAuthenticator(config.auth, resolveResource(config));
    const ok = await auth.authenticate(`Bearer ${key}`);
    assert.equal(ok.ok, true);
    if (ok.ok) {
      assert.equal(ok.principal.id, 'key:alice');
      assert.equal(ok.principal.kind, 'api-key');
      assert.equal(ok.principal.name, 'alice');
      assert.deepEqual(ok.principal.scopes, ['files:read']);
      assert.ok(Object.isFrozen(ok.principal));
    }
    const unknown = await auth.authenticate(`Bearer ${generateApiKey()}`);
    assert.equal(unknown.ok, false);
    if (!unknown.ok) {
      assert.equal(unknown.status, 401);
      assert.match(unknown.wwwAuthenticate, /error="invalid_token"/);
    }
    const lower = await auth.authenticate(`bearer ${key}`);
    assert.equal(lower.ok, true, 'the scheme is case-insensitive');
  });

  test('a corrupt store fails the authenticator at creation with ERR_KEY_STORE', async () => {
    const file = freshFile();
    writeFileSync(file, 'nope');
    const config = await loadGuardConfig({
      flags: {
        publicUrl: 'http://127.0.0.1:6280/mcp',
        upstream: { command: 'true' },
        auth: { apiKeys: { file } },
      },
    });
    assert.throws(() => createAuthenticator(config.auth, resolveResource(config)), { code: 'ERR_KEY_STORE' });
  });
});

describe('mcp-lockdown keys', () => {
  test('create prints the key once on stdout; list never shows it; revoke works', async () => {
    const file = freshFile();
    const c1 = capture();
    assert.equal(await runKeysCommand(['create', 'ops', '--file', file, '--scope', 'mcp:read'], c1.io), 0);
    const key = c1.out().trim();
    assert.match(key, /^mlk_[A-Za-z0-9_-]{43}$/);
    assert.match(c1.err(), /will not be shown again/);

    const c2 = capture();
    assert.equal(await runKeysCommand(['list', '--file', file], c2.io), 0);
    assert.match(c2.out(), /^ops\t/);
    assert.match(c2.out(), /active/);
    assert.ok(!c2.out().includes(key));

    const c3 = capture();
    assert.equal(await runKeysCommand(['list', '--json', '--file', file], c3.io), 0);
    const rows = JSON.parse(c3.out());
    assert.equal(rows[0].name, 'ops');
    assert.equal(rows[0].hash, undefined);

    const c4 = capture();
    assert.equal(await runKeysCommand(['revoke', 'ops', '--file', file], c4.io), 0);
    const c5 = capture();
    await runKeysCommand(['list', '--file', file], c5.io);
    assert.match(c5.out(), /revoked/);
    assert.equal(matchApiKey(readKeyStore(file), key), null);
  });

  test('usage errors exit 2, store faults exit 3', async () => {
    const file = freshFile();
    for (const argv of [[], ['create'], ['frobnicate'], ['create', 'a', 'b'], ['--bogus']]) {
      const c = capture();
      assert.equal(await runKeysCommand(argv, c.io), 2, argv.join(' '));
      assert.ok(c.err().length > 0);
    }
    const r = capture();
    assert.equal(await runKeysCommand(['revoke', 'nobody', '--file', file], r.io), 3, 'no store file');
    createApiKey(file, 'somebody');
    const r2 = capture();
    assert.equal(await runKeysCommand(['revoke', 'nobody', '--file', file], r2.io), 2);
    const bad = capture();
    assert.equal(await runKeysCommand(['create', 'no spaces allowed', '--file', file], bad.io), 2);
    assert.match(bad.err(), /ERR_INVALID_OPTION/);
    writeFileSync(file, '{');
    const c = capture();
    assert.equal(await runKeysCommand(['list', '--file', file], c.io), 3);
    assert.match(c.err(), /ERR_KEY_STORE/);
    const h = capture();
    assert.equal(await runKeysCommand(['--help'], h.io), 0);
    assert.match(h.out(), /keys create NAME/);
  });
});
