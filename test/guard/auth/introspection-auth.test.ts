import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAuthenticator } from '../../../src/guard/auth/authenticate.ts';
import { createIntrospectionVerifier } from '../../../src/guard/auth/introspection-verifier.ts';
import { loadGuardConfig } from '../../../src/guard/config/load-guard-config.ts';
import { resolveResource } from '../../../src/guard/protected-resource-metadata.ts';
import { parseWwwAuthenticate } from '../../../src/mcp/www-authenticate.ts';

const RESOURCE = 'http://127.0.0.1:6280/mcp';
const CLIENT_ID = 'guard';
const CLIENT_SECRET = 's3cret:with/odd chars';

/**
 * A tiny RFC 7662 endpoint: checks HTTP Basic client authentication (form-urlencoded id and secret) and
 * answers from a table the test controls.
 */
interface Introspector {
  url: string;
  tokens: Map<string, Record<string, unknown>>;
  requests: number;
  lastHint: string | null;
  /** Override the raw response (status, body) for failure tests. */
  raw: { status: number; body: string } | null;
  server: Server;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function startIntrospector(): Promise<Introspector> {
  const state: Introspector = {
    url: '',
    tokens: new Map(),
    requests: 0,
    lastHint: null,
    raw: null,
    server: createServer(),
  };
  const expected = `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`;
  state.server.on('request', async (req, res) => {
    state.requests++;
    const body = new URLSearchParams(await readBody(req));
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      res.writeHead(400).end();
      return;
    }
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      return;
    }
    if (state.raw !== null) {
      res.writeHead(state.raw.status, { 'content-type': 'application/json' }).end(state.raw.body);
      return;
    }
    state.lastHint = body.get('token_type_hint');
    const answer = state.tokens.get(body.get('token') ?? '') ?? { active: false };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/introspect`;
  return state;
}

let idp: Introspector;
before(async () => {
  idp = await startIntrospector();
});
after(async () => {
  idp.server.closeAllConnections();
  await new Promise((r) => idp.server.close(r));
});

async function authenticator(
  introspection: Record<string, unknown> = {},
  extraAuth: Record<string, unknown> = {},
) {
  const config = await loadGuardConfig({
    flags: {
      publicUrl: RESOURCE,
      upstream: { url: 'http://127.0.0.1:9/mcp' },
      auth: {
        introspection: { url: idp.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...introspection },
        ...extraAuth,
      } as never,
    },
  });
  return createAuthenticator(config.auth, resolveResource(config));
}

const future = () => Math.floor(Date.now() / 1000) + 600;

describe('opaque tokens through RFC 7662 introspection', () => {
  test('an active token maps to a principal; the request is a form POST with Basic client auth', async () => {
    idp.tokens.set('opaque-active-1', {
      active: true,
      sub: 'alice',
      client_id: 'cli',
      scope: 'mcp:read mcp:write',
      username: 'Alice',
      aud: [RESOURCE, 'https://other.example'],
      exp: future(),
      groups: ['ops'],
    });
    const auth = await authenticator();
    const outcome = await auth.authenticate('Bearer opaque-active-1');
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    if (!outcome.ok) return;
    assert.equal(outcome.principal.kind, 'introspection');
    assert.equal(outcome.principal.id, 'oauth:sub:alice');
    assert.equal(outcome.principal.name, 'Alice');
    assert.equal(outcome.principal.clientId, 'cli');
    assert.deepEqual(outcome.principal.scopes, ['mcp:read', 'mcp:write']);
    assert.deepEqual(outcome.principal.groups, ['ops']);
    assert.equal(idp.lastHint, 'access_token');
  });

  test('inactive and unknown tokens are 401 invalid_token', async () => {
    idp.tokens.set('opaque-inactive', { active: false, sub: 'alice' });
    idp.tokens.set('opaque-active-string', { active: 'true', sub: 'alice' });
    const auth = await authenticator();
    for (const token of ['opaque-inactive', 'opaque-never-issued', 'opaque-active-string']) {
      const outcome = await auth.authenticate(`Bearer ${token}`);
      assert.equal(outcome.ok, false, token);
      if (outcome.ok) continue;
      assert.equal(outcome.status, 401);
      assert.equal(parseWwwAuthenticate(outcome.wwwAuthenticate)[0]?.params.error, 'invalid_token');
    }
  });

  test('aud naming another resource, and an exp in the past, are rejected', async () => {
    idp.tokens.set('opaque-other-aud', {
      active: true,
      sub: 'bob',
      aud: 'https://other.example/mcp',
      exp: future(),
    });
    idp.tokens.set('opaque-expired', { active: true, sub: 'bob', exp: Math.floor(Date.now() / 1000) - 3600 });
    const auth = await authenticator();
    const a = await auth.authenticate('Bearer opaque-other-aud');
    assert.equal(a.ok, false);
    if (!a.ok) assert.match(a.description, /audience/);
    const b = await auth.authenticate('Bearer opaque-expired');
    assert.equal(b.ok, false);
    if (!b.ok) assert.match(b.description, /expired/);
  });

  test('answers are cached for the TTL, then introspected again', async () => {
    idp.tokens.set('opaque-cached', { active: true, sub: 'carol', exp: future() });
    const auth = await authenticator({ cacheTtlSec: 1 });
    const start = idp.requests;
    assert.equal((await auth.authenticate('Bearer opaque-cached')).ok, true);
    assert.equal((await auth.authenticate('Bearer opaque-cached')).ok, true);
    assert.equal(idp.requests - start, 1, 'second call served from cache');
    // Revoke at the authorization server; after the TTL the guard notices.
    idp.tokens.set('opaque-cached', { active: false });
    await sleep(1100);
    assert.equal((await auth.authenticate('Bearer opaque-cached')).ok, false);
    assert.equal(idp.requests - start, 2);
  });

  test('concurrent requests with one token share a single introspection call', async () => {
    idp.tokens.set('opaque-burst', { active: true, sub: 'burst', exp: future() });
    const auth = await authenticator();
    const start = idp.requests;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => auth.authenticate('Bearer opaque-burst')),
    );
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(idp.requests - start, 1);
  });

  test('a cached answer never outlives the token exp', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1;
    idp.tokens.set('opaque-short', { active: true, sub: 'dave', exp });
    const verifier = createIntrospectionVerifier(
      {
        url: idp.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        cacheTtlSec: 600,
        cacheMaxEntries: 10,
        timeoutMs: 2000,
        requiredScopes: [],
      },
      RESOURCE,
      [],
    );
    assert.equal((await verifier.verify('opaque-short')).ok, true);
    await sleep(Math.max(0, exp * 1000 - Date.now()) + 50);
    await verifier.verify('opaque-short');
    assert.equal(verifier.stats().requests, 2, 'introspected again once exp passed');
  });

  test('the cache is bounded: the oldest entry is evicted', async () => {
    const verifier = createIntrospectionVerifier(
      {
        url: idp.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        cacheTtlSec: 600,
        cacheMaxEntries: 2,
        timeoutMs: 2000,
        requiredScopes: [],
      },
      RESOURCE,
      [],
    );
    for (const t of ['e1', 'e2', 'e3']) idp.tokens.set(t, { active: true, sub: t, exp: future() });
    await verifier.verify('e1');
    await verifier.verify('e2');
    await verifier.verify('e3'); // evicts e1
    await verifier.verify('e3');
    await verifier.verify('e2');
    assert.equal(verifier.stats().requests, 3);
    await verifier.verify('e1');
    assert.equal(verifier.stats().requests, 4, 'e1 was evicted and introspected again');
  });

  test('endpoint failures fail closed and are not cached', async () => {
    idp.tokens.set('opaque-flaky', { active: true, sub: 'erin', exp: future() });
    const auth = await authenticator();
    for (const raw of [
      { status: 500, body: '{}' },
      { status: 200, body: 'not json' },
      { status: 200, body: '[true]' },
      { status: 200, body: JSON.stringify({ active: true, sub: 'x', pad: 'x'.repeat(100_000) }) },
    ]) {
      idp.raw = raw;
      const outcome = await auth.authenticate('Bearer opaque-flaky');
      assert.equal(outcome.ok, false, raw.body.slice(0, 20));
    }
    idp.raw = null;
    assert.equal((await auth.authenticate('Bearer opaque-flaky')).ok, true, 'failures were not cached');
  });

  test('wrong client credentials fail closed', async () => {
    idp.tokens.set('opaque-creds', { active: true, sub: 'frank', exp: future() });
    const config = await loadGuardConfig({
      flags: {
        publicUrl: RESOURCE,
        upstream: { url: 'http://127.0.0.1:9/mcp' },
        auth: { introspection: { url: idp.url, clientId: CLIENT_ID, clientSecret: 'wrong' } },
      },
    });
    const auth = createAuthenticator(config.auth, resolveResource(config));
    assert.equal((await auth.authenticate('Bearer opaque-creds')).ok, false);
  });

  test('an unreachable endpoint times out into 401, within the configured bound', async () => {
    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/introspect`;
    const auth = await authenticator({ url, timeoutMs: 200 });
    const t0 = Date.now();
    const outcome = await auth.authenticate('Bearer opaque-slow');
    assert.equal(outcome.ok, false);
    assert.ok(Date.now() - t0 < 2000);
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });

  test('required scopes apply to introspected tokens (403 insufficient_scope)', async () => {
    idp.tokens.set('opaque-narrow', { active: true, sub: 'gina', scope: 'mcp:read', exp: future() });
    const auth = await authenticator({ requiredScopes: ['mcp:write'] });
    const outcome = await auth.authenticate('Bearer opaque-narrow');
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.status, 403);
    assert.equal(parseWwwAuthenticate(outcome.wwwAuthenticate)[0]?.params.scope, 'mcp:write');
  });

  test('JWT-shaped tokens go to JWT verification when jwt is configured, not to introspection', async () => {
    const auth = await authenticator(
      {},
      {
        jwt: {
          issuer: 'https://issuer.example',
          staticKeys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }],
        },
      },
    );
    const start = idp.requests;
    const jwtShaped = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln';
    idp.tokens.set(jwtShaped, { active: true, sub: 'should-not-be-asked' });
    assert.equal((await auth.authenticate(`Bearer ${jwtShaped}`)).ok, false);
    assert.equal(idp.requests, start, 'introspection endpoint not consulted');
    idp.tokens.set('opaque-routed', { active: true, sub: 'h', exp: future() });
    assert.equal((await auth.authenticate('Bearer opaque-routed')).ok, true);
  });
});
