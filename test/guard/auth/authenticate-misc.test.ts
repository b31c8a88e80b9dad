import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createAuthenticator } from '../../../src/guard/auth/authenticate.ts';
import { principalFromClaims } from '../../../src/guard/auth/claims-to-principal.ts';
import { createIntrospectionVerifier } from '../../../src/guard/auth/introspection-verifier.ts';
import { createTtlCache } from '../../../src/guard/auth/ttl-cache.ts';
import { loadGuardConfig } from '../../../src/guard/config/load-guard-config.ts';
import {
  buildProtectedResourceMetadata,
  insufficientScopeChallenge,
  protectedResourceMetadataPaths,
  protectedResourceMetadataUrl,
  resolveResource,
  unauthorizedChallenge,
} from '../../../src/guard/protected-resource-metadata.ts';
import { parseWwwAuthenticate } from '../../../src/mcp/www-authenticate.ts';

describe('protected resource metadata (RFC 9728)', () => {
  test('well-known paths: path-inserted first, then root', () => {
    assert.deepEqual(protectedResourceMetadataPaths('https://mcp.example.com/mcp'), [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]);
    assert.deepEqual(protectedResourceMetadataPaths('https://mcp.example.com/api/v1/mcp/'), [
      '/.well-known/oauth-protected-resource/api/v1/mcp',
      '/.well-known/oauth-protected-resource',
    ]);
    assert.deepEqual(protectedResourceMetadataPaths('https://mcp.example.com/'), [
      '/.well-known/oauth-protected-resource',
    ]);
    assert.equal(
      protectedResourceMetadataUrl('http://127.0.0.1:6280/mcp'),
      'http://127.0.0.1:6280/.well-known/oauth-protected-resource/mcp',
    );
  });

  test('the document names the resource, authorization servers and scopes, never offline_access', async () => {
    const config = await loadGuardConfig({
      flags: {
        publicUrl: 'https://mcp.example.com/mcp',
        upstream: { command: 'x' },
        auth: {
          jwt: {
            issuer: 'https://auth.example.com',
            jwksUrl: 'https://auth.example.com/jwks',
            requiredScopes: ['mcp'],
          },
        },
        policy: [{ allow: { tools: ['*'] }, requireScopes: { 'w*': ['files:write', 'offline_access'] } }],
      },
    });
    const doc = buildProtectedResourceMetadata(config);
    assert.equal(doc.resource, 'https://mcp.example.com/mcp');
    assert.deepEqual(doc.authorization_servers, ['https://auth.example.com']);
    assert.deepEqual(doc.scopes_supported, ['mcp', 'files:write']);
    assert.deepEqual(doc.bearer_methods_supported, ['header']);
    assert.equal(
      buildProtectedResourceMetadata(config, 'http://127.0.0.1:1/mcp').resource,
      'http://127.0.0.1:1/mcp',
    );
  });

  test('challenges parse back to the same parameters', () => {
    const meta = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
    const [a] = parseWwwAuthenticate(unauthorizedChallenge(meta, ['a', 'b:c']));
    assert.deepEqual(a?.params, { resource_metadata: meta, scope: 'a b:c' });
    const [b] = parseWwwAuthenticate(insufficientScopeChallenge(['files:write', 'admin'], meta));
    assert.equal(b?.scheme, 'Bearer');
    assert.equal(b?.params.error, 'insufficient_scope');
    assert.equal(b?.params.scope, 'files:write admin');
    assert.equal(b?.params.resource_metadata, meta);
    const [c] = parseWwwAuthenticate(
      unauthorizedChallenge(meta, [], {
        error: 'invalid_token',
        description: 'say "hi" \\ bye\r\nInjected: 1',
      }),
    );
    assert.equal(c?.params.error, 'invalid_token');
    assert.ok(!c?.params.error_description?.includes('\n'));
  });
});

describe('anonymous access', () => {
  test('no auth method configured: every caller is anonymous, presented credentials are ignored', async () => {
    const config = await loadGuardConfig({ flags: { upstream: { command: 'x' } } });
    const auth = createAuthenticator(config.auth, resolveResource(config));
    for (const h of [undefined, 'Bearer whatever', 'Basic x']) {
      const o = await auth.authenticate(h);
      assert.equal(o.ok, true);
      if (o.ok) assert.equal(o.principal.kind, 'anonymous');
    }
  });

  test('allowAnonymous lets missing credentials through but still refuses bad ones', async () => {
    const config = await loadGuardConfig({
      flags: {
        upstream: { command: 'x' },
        publicUrl: 'http://127.0.0.1:1/mcp',
        auth: { apiKeys: { file: '/nonexistent/k.json' } },
      },
    });
    const strict = createAuthenticator(config.auth, resolveResource(config));
    assert.equal((await strict.authenticate(undefined)).ok, false);
    const open = createAuthenticator(config.auth, resolveResource(config), { allowAnonymous: true });
    const anon = await open.authenticate(undefined);
    assert.equal(anon.ok && anon.principal.id, 'anonymous');
    assert.equal((await open.authenticate('Bearer mlk_wrong')).ok, false);
  });
});

describe('claims to principal', () => {
  test('property: any JSON object maps without throwing; groups are bounded strings', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
        (claims, groupsClaims) => {
          const p = principalFromClaims('jwt', claims as Record<string, unknown>, groupsClaims);
          if (p === null) return;
          assert.ok(p.id.startsWith('oauth:'));
          assert.ok(p.groups.length <= 256);
          assert.ok(p.groups.every((g) => typeof g === 'string'));
          assert.ok(p.scopes.every((s) => typeof s === 'string' && s.length > 0));
        },
      ),
    );
  });

  test('nested group claims, and __proto__ cannot be reached through a dotted path', () => {
    const p = principalFromClaims('jwt', { sub: 'u', realm_access: { roles: ['admin'] } }, [
      'realm_access.roles',
      '__proto__.x',
    ]);
    assert.deepEqual(p?.groups, ['admin']);
    assert.equal(principalFromClaims('jwt', { scope: 'a' }, []), null, 'neither sub nor client_id');
    assert.equal(principalFromClaims('jwt', { azp: 'c' }, [])?.id, 'oauth:client:c');
  });
});

describe('introspection answers are hostile bytes', () => {
  test('property: any response body yields a verdict, never a throw', async () => {
    let body = '';
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const verifier = createIntrospectionVerifier(
      {
        url,
        clientId: 'c',
        clientSecret: 's',
        cacheTtlSec: 0,
        cacheMaxEntries: 1,
        timeoutMs: 2000,
        requiredScopes: [],
      },
      'http://127.0.0.1:1/mcp',
      ['groups'],
    );
    const answers = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            active: fc.oneof(fc.boolean(), fc.constant('true')),
            sub: fc.jsonValue(),
            aud: fc.jsonValue(),
            exp: fc.jsonValue(),
            scope: fc.jsonValue(),
            groups: fc.jsonValue(),
          },
          { requiredKeys: ['active'] },
        )
        .map((v) => JSON.stringify(v)),
    );
    try {
      await fc.assert(
        fc.asyncProperty(answers, async (answer) => {
          body = answer;
          const r = await verifier.verify('tok');
          if (r.ok) {
            const parsed = JSON.parse(answer);
            assert.equal(parsed.active, true);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('ttl cache', () => {
  test('expires entries and evicts the oldest when full', () => {
    let now = 0;
    const cache = createTtlCache<number>(2, () => now);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    cache.set('c', 3, 100);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 2);
    now = 100;
    assert.equal(cache.get('b'), undefined);
    cache.set('z', 0, 0);
    assert.equal(cache.get('z'), undefined, 'ttl 0 is not cached');
    assert.equal(cache.size, 1);
  });
});
