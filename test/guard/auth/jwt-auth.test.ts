import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { type AuthOutcome, createAuthenticator } from '../../../src/guard/auth/authenticate.ts';
import type { GuardConfig } from '../../../src/guard/config/guard-config-schema.ts';
import { loadGuardConfig } from '../../../src/guard/config/load-guard-config.ts';
import { resolveResource } from '../../../src/guard/protected-resource-metadata.ts';
import { parseWwwAuthenticate } from '../../../src/mcp/www-authenticate.ts';
import { OPAQUE_RESOURCE, startAuthorizationServer, type TestAuthorizationServer } from './oauth-server.ts';

const RESOURCE = 'http://127.0.0.1:6280/mcp';
const METADATA = 'http://127.0.0.1:6280/.well-known/oauth-protected-resource/mcp';

let as: TestAuthorizationServer;
before(async () => {
  as = await startAuthorizationServer();
});
after(async () => {
  await as.stop();
});

async function guardConfig(jwt: Record<string, unknown>): Promise<GuardConfig> {
  return loadGuardConfig({
    flags: {
      publicUrl: RESOURCE,
      upstream: { url: 'http://127.0.0.1:9/mcp' },
      auth: { jwt: { issuer: as.issuer, jwksUrl: as.jwksUrl, ...jwt } as never },
    },
  });
}

async function authenticator(jwt: Record<string, unknown> = {}) {
  const config = await guardConfig(jwt);
  return createAuthenticator(config.auth, resolveResource(config));
}

function challengeOf(outcome: AuthOutcome) {
  assert.equal(outcome.ok, false);
  if (outcome.ok) throw new Error('unreachable');
  const [c] = parseWwwAuthenticate(outcome.wwwAuthenticate);
  assert.ok(c);
  assert.equal(c.scheme, 'Bearer');
  return { outcome, params: c.params };
}

function assertInvalidToken(outcome: AuthOutcome, description: RegExp): void {
  const { params } = challengeOf(outcome);
  if (outcome.ok) return;
  assert.equal(outcome.status, 401);
  assert.equal(outcome.error, 'invalid_token');
  assert.match(outcome.description, description);
  assert.equal(params.error, 'invalid_token');
  assert.equal(params.resource_metadata, METADATA);
}

/** Sign claims with the authorization server's own key: everything valid except what the test changes. */
async function forge(claims: JWTPayload, header: { kid?: string; alg?: string } = {}, key?: CryptoKey) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'mcp:read', client_id: as.clientId, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'as-key-1', typ: 'at+jwt', ...header })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : as.issuer)
    .setAudience(claims.aud ?? RESOURCE)
    .setSubject(claims.sub ?? as.clientId)
    .setIssuedAt(now)
    .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now + 300)
    .sign(key ?? as.privateKey);
}

describe('JWT access tokens from a real authorization server', () => {
  test('a real token for this resource is accepted and mapped to a principal', async () => {
    const auth = await authenticator();
    const token = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read mcp:write' });
    const outcome = await auth.authenticate(`Bearer ${token}`);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    if (!outcome.ok) return;
    assert.equal(outcome.principal.kind, 'jwt');
    assert.equal(outcome.principal.clientId, as.clientId);
    assert.equal(outcome.principal.sub, as.clientId);
    assert.equal(outcome.principal.id, `oauth:sub:${as.clientId}`);
    assert.deepEqual(outcome.principal.scopes, ['mcp:read', 'mcp:write']);
    assert.equal(outcome.principal.claims.iss, as.issuer);
    await auth.close();
  });

  test('a real token minted for another resource is rejected (RFC 8707 audience)', async () => {
    const auth = await authenticator();
    const token = await as.issueToken({ resource: 'http://127.0.0.1:6281/other', scope: 'mcp:read' });
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /audience/);
  });

  test('expired token is rejected; clock tolerance applies', async () => {
    const auth = await authenticator({ clockToleranceSec: 30 });
    const now = Math.floor(Date.now() / 1000);
    assertInvalidToken(await auth.authenticate(`Bearer ${await forge({ exp: now - 120 })}`), /expired/);
    const withinSkew = await auth.authenticate(`Bearer ${await forge({ exp: now - 5 })}`);
    assert.equal(withinSkew.ok, true);
  });

  test('not-yet-valid token is rejected', async () => {
    const auth = await authenticator();
    const now = Math.floor(Date.now() / 1000);
    assertInvalidToken(await auth.authenticate(`Bearer ${await forge({ nbf: now + 600 })}`), /not yet valid/);
  });

  test('wrong issuer is rejected', async () => {
    const auth = await authenticator();
    assertInvalidToken(
      await auth.authenticate(`Bearer ${await forge({ iss: 'http://127.0.0.1:1' })}`),
      /issuer/,
    );
  });

  test('wrong audience is rejected', async () => {
    const auth = await authenticator();
    const token = await forge({ aud: 'http://127.0.0.1:6280/mcp/' });
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /audience/);
  });

  test('a token without exp is rejected', async () => {
    const auth = await authenticator();
    const token = await new SignJWT({ scope: 'mcp:read', sub: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: 'as-key-1' })
      .setIssuer(as.issuer)
      .setAudience(RESOURCE)
      .sign(as.privateKey);
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /exp/);
  });

  test('unknown kid: the JWKS is refetched once, then the token fails', async () => {
    const auth = await authenticator({ jwksCooldownMs: 0 });
    const good = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read' });
    assert.equal((await auth.authenticate(`Bearer ${good}`)).ok, true);
    const before = as.jwksFetches();
    const { privateKey } = await generateKeyPair('RS256');
    const token = await forge({}, { kid: 'rotated-away' }, privateKey);
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /no signing key/);
    assert.equal(as.jwksFetches(), before + 1, 'an unknown kid triggers exactly one JWKS refetch');
  });

  test('unknown kids do not hammer the JWKS endpoint within the cooldown', async () => {
    const auth = await authenticator({ jwksCooldownMs: 60_000 });
    const good = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read' });
    assert.equal((await auth.authenticate(`Bearer ${good}`)).ok, true);
    const before = as.jwksFetches();
    const { privateKey } = await generateKeyPair('RS256');
    for (let i = 0; i < 20; i++) {
      const token = await forge({}, { kid: `unknown-${i}` }, privateKey);
      assert.equal((await auth.authenticate(`Bearer ${token}`)).ok, false);
    }
    assert.equal(as.jwksFetches(), before, 'no refetch inside the cooldown');
  });

  test('tampered payload (signature no longer matches) is rejected', async () => {
    const auth = await authenticator();
    const token = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.scope = 'mcp:read mcp:admin';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    assertInvalidToken(await auth.authenticate(`Bearer ${tampered}`), /signature/);
    const flipped = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    assertInvalidToken(await auth.authenticate(`Bearer ${flipped}`), /signature|malformed/);
  });

  test('alg: none is never accepted, even if listed nowhere else', async () => {
    const auth = await authenticator();
    const token = new UnsecuredJWT({ scope: 'mcp:read', client_id: as.clientId, sub: 'attacker' })
      .setIssuer(as.issuer)
      .setAudience(RESOURCE)
      .setExpirationTime('5m')
      .encode();
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /algorithm|malformed/);
  });

  test('HS256 signed with the RSA public key (algorithm confusion) is rejected', async () => {
    const auth = await authenticator();
    const pem = await exportSPKI(createPublicKey({ key: as.publicJwk as never, format: 'jwk' }) as never);
    for (const secret of [pem, pem.trim(), JSON.stringify(as.publicJwk)]) {
      const token = await new SignJWT({
        scope: 'mcp:read mcp:admin',
        client_id: as.clientId,
        sub: 'attacker',
      })
        .setProtectedHeader({ alg: 'HS256', kid: 'as-key-1' })
        .setIssuer(as.issuer)
        .setAudience(RESOURCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /algorithm/);
    }
  });

  test('an algorithm outside the allowlist is rejected even with a valid signature', async () => {
    const auth = await authenticator({ algorithms: ['ES256'] });
    const token = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read' });
    assertInvalidToken(await auth.authenticate(`Bearer ${token}`), /algorithm/);
  });

  test('missing required scope gives 403 insufficient_scope naming every required scope', async () => {
    const auth = await authenticator({ requiredScopes: ['mcp:read', 'mcp:write'] });
    const token = await as.issueToken({ resource: RESOURCE, scope: 'mcp:read' });
    const { outcome, params } = challengeOf(await auth.authenticate(`Bearer ${token}`));
    if (outcome.ok) return;
    assert.equal(outcome.status, 403);
    assert.equal(outcome.error, 'insufficient_scope');
    assert.equal(params.error, 'insufficient_scope');
    assert.equal(params.scope, 'mcp:read mcp:write');
    assert.equal(params.resource_metadata, METADATA);
    const ok = await auth.authenticate(
      `Bearer ${await as.issueToken({ resource: RESOURCE, scope: 'mcp:read mcp:write' })}`,
    );
    assert.equal(ok.ok, true);
  });

  test('scp array claim and configurable groups claims are honoured', async () => {
    const auth = await authenticator({ requiredScopes: ['files:read'] });
    const token = await forge({
      scope: undefined,
      scp: ['files:*'],
      groups: ['ops'],
      roles: 'admin auditor',
    });
    const outcome = await auth.authenticate(`Bearer ${token}`);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    if (!outcome.ok) return;
    assert.deepEqual(outcome.principal.scopes, ['files:*']);
    assert.deepEqual(outcome.principal.groups, ['ops', 'admin', 'auditor']);
  });

  test('no header: 401 with resource_metadata and scope, and no error code', async () => {
    const auth = await authenticator({ requiredScopes: ['mcp:read'] });
    const { outcome, params } = challengeOf(await auth.authenticate(undefined));
    if (outcome.ok) return;
    assert.equal(outcome.status, 401);
    assert.equal(params.error, undefined);
    assert.equal(params.resource_metadata, METADATA);
    assert.equal(params.scope, 'mcp:read');
  });

  test('non-Bearer schemes and junk are 401 invalid_token', async () => {
    const auth = await authenticator();
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      'bearer not.a.jwt',
      `Bearer ${'a'.repeat(20_000)}`,
    ]) {
      const outcome = await auth.authenticate(header);
      assert.equal(outcome.ok, false, header.slice(0, 30));
      if (!outcome.ok) assert.equal(outcome.status, 401);
    }
  });
});

describe('opaque tokens from the same real authorization server (introspection)', () => {
  async function introspecting(extra: Record<string, unknown> = {}) {
    const config = await loadGuardConfig({
      flags: {
        publicUrl: OPAQUE_RESOURCE,
        upstream: { command: 'x' },
        auth: {
          introspection: {
            url: as.introspectionUrl,
            clientId: as.introspector.clientId,
            clientSecret: as.introspector.clientSecret,
            cacheTtlSec: 1,
            ...extra,
          },
          jwt: { issuer: as.issuer, jwksUrl: as.jwksUrl },
        },
      },
    });
    return createAuthenticator(config.auth, resolveResource(config));
  }

  test('an opaque token is introspected, mapped (no sub: client principal), and revocation takes effect', async () => {
    const auth = await introspecting();
    const token = await as.issueToken({ resource: OPAQUE_RESOURCE, scope: 'mcp:read' });
    assert.doesNotMatch(token, /^[\w-]+\.[\w-]+\.[\w-]*$/, 'the AS issued an opaque token');
    const outcome = await auth.authenticate(`Bearer ${token}`);
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    if (outcome.ok) {
      assert.equal(outcome.principal.kind, 'introspection');
      assert.equal(outcome.principal.id, `oauth:client:${as.clientId}`);
      assert.deepEqual(outcome.principal.scopes, ['mcp:read']);
    }
    await as.revoke(token);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await auth.authenticate(`Bearer ${token}`);
    assert.equal(after.ok, false);
    if (!after.ok) assert.match(after.description, /not active/);
  });

  test('an opaque token for another resource is refused by its aud', async () => {
    const auth = await introspecting();
    const config = await loadGuardConfig({
      flags: {
        publicUrl: 'http://127.0.0.1:6298/elsewhere',
        upstream: { command: 'x' },
        auth: {
          introspection: {
            url: as.introspectionUrl,
            clientId: as.introspector.clientId,
            clientSecret: as.introspector.clientSecret,
          },
        },
      },
    });
    const elsewhere = createAuthenticator(config.auth, resolveResource(config));
    const token = await as.issueToken({ resource: OPAQUE_RESOURCE, scope: 'mcp:read' });
    assert.equal((await auth.authenticate(`Bearer ${token}`)).ok, true);
    const outcome = await elsewhere.authenticate(`Bearer ${token}`);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.match(outcome.description, /audience/);
  });

  test('the wrong introspection credentials get no answer (fail closed)', async () => {
    const auth = await introspecting({ clientSecret: 'not-the-secret' });
    const token = await as.issueToken({ resource: OPAQUE_RESOURCE, scope: 'mcp:read' });
    assert.equal((await auth.authenticate(`Bearer ${token}`)).ok, false);
  });
});

describe('JWKS key rotation', () => {
  test('a key added to the JWKS after startup is picked up on its first unknown kid', async () => {
    const first = await generateKeyPair('ES256', { extractable: true });
    const second = await generateKeyPair('ES256', { extractable: true });
    const keys = [{ ...(await exportJWK(first.publicKey)), kid: 'one', alg: 'ES256' }];
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    try {
      const config = await loadGuardConfig({
        flags: {
          publicUrl: RESOURCE,
          upstream: { command: 'x' },
          auth: { jwt: { issuer: 'https://issuer.example', jwksUrl, jwksCooldownMs: 0 } },
        },
      });
      const auth = createAuthenticator(config.auth, resolveResource(config));
      const sign = (key: CryptoKey, kid: string) =>
        new SignJWT({ sub: 'u' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer('https://issuer.example')
          .setAudience(RESOURCE)
          .setExpirationTime('5m')
          .sign(key);
      assert.equal((await auth.authenticate(`Bearer ${await sign(first.privateKey, 'one')}`)).ok, true);
      assert.equal((await auth.authenticate(`Bearer ${await sign(second.privateKey, 'two')}`)).ok, false);
      keys.push({ ...(await exportJWK(second.publicKey)), kid: 'two', alg: 'ES256' });
      const before = fetches;
      assert.equal((await auth.authenticate(`Bearer ${await sign(second.privateKey, 'two')}`)).ok, true);
      assert.equal(fetches, before + 1);
      assert.equal((await auth.authenticate(`Bearer ${await sign(first.privateKey, 'one')}`)).ok, true);
      assert.equal(fetches, before + 1, 'known kids are served from the cache');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test('a JWKS endpoint that hangs fails the token within the timeout', async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    try {
      const config = await loadGuardConfig({
        flags: {
          publicUrl: RESOURCE,
          upstream: { command: 'x' },
          auth: { jwt: { issuer: 'https://issuer.example', jwksUrl, jwksTimeoutMs: 200 } },
        },
      });
      const auth = createAuthenticator(config.auth, resolveResource(config));
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT({ sub: 'u' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setIssuer('https://issuer.example')
        .setAudience(RESOURCE)
        .setExpirationTime('5m')
        .sign(privateKey);
      const t0 = Date.now();
      const outcome = await auth.authenticate(`Bearer ${token}`);
      assert.equal(outcome.ok, false);
      if (!outcome.ok) assert.match(outcome.description, /in time/);
      assert.ok(Date.now() - t0 < 2000);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('JWT with static keys', () => {
  test('PEM and JWK static keys verify; a token from another key fails', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const edPair = await generateKeyPair('EdDSA', { extractable: true });
    const edJwk = { ...(await exportJWK(edPair.publicKey)), kid: 'ed' };
    const config = await loadGuardConfig({
      flags: {
        publicUrl: RESOURCE,
        upstream: { command: 'true' },
        auth: { jwt: { issuer: 'https://issuer.example', staticKeys: [pem, edJwk as never] } },
      },
    });
    const auth = createAuthenticator(config.auth, resolveResource(config));
    const sign = (key: CryptoKey, alg: string, kid?: string) =>
      new SignJWT({ sub: 'user-1', scope: 'a' })
        .setProtectedHeader(kid === undefined ? { alg } : { alg, kid })
        .setIssuer('https://issuer.example')
        .setAudience(RESOURCE)
        .setExpirationTime('5m')
        .sign(key);
    assert.equal((await auth.authenticate(`Bearer ${await sign(privateKey, 'ES256')}`)).ok, true);
    assert.equal(
      (await auth.authenticate(`Bearer ${await sign(edPair.privateKey, 'EdDSA', 'ed')}`)).ok,
      true,
    );
    const other = await generateKeyPair('ES256');
    assert.equal((await auth.authenticate(`Bearer ${await sign(other.privateKey, 'ES256')}`)).ok, false);
  });

  test('config refuses none, HS256 and symmetric keys', async () => {
    for (const jwt of [
      { algorithms: ['none'] },
      { algorithms: ['HS256'] },
      { staticKeys: [{ kty: 'oct', k: 'c2VjcmV0' }], jwksUrl: undefined },
    ]) {
      await assert.rejects(
        loadGuardConfig({
          flags: {
            publicUrl: RESOURCE,
            upstream: { command: 'true' },
            auth: {
              jwt: {
                issuer: 'https://issuer.example',
                jwksUrl: 'https://issuer.example/jwks',
                ...jwt,
              } as never,
            },
          },
        }),
        (err: Error & { code?: string }) =>
          err.code === 'ERR_INVALID_CONFIG' && /auth\.jwt\./.test(err.message),
      );
    }
  });
});
