import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { connectClient, INIT, type RunningGuard, rawPost, startGuard } from './guard-harness.ts';
import { type RecordingServer, startRecordingStatelessServer } from './upstream-fixtures.ts';

const ISSUER = 'https://issuer.test.invalid';

describe('guard with JWT access tokens (static key)', () => {
  let upstream: RecordingServer;
  let g: RunningGuard;
  let sign: (claims: Record<string, unknown>, audience: string) => Promise<string>;
  before(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kty: 'EC' as const, kid: 'k1', alg: 'ES256' };
    sign = (claims, audience) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(audience)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    upstream = await startRecordingStatelessServer();
    g = await startGuard({
      publicUrl: 'http://127.0.0.1:1/mcp',
      upstream: { url: upstream.url },
      auth: { jwt: { issuer: ISSUER, staticKeys: [jwk], algorithms: ['ES256'] } },
      policy: [{ principals: { subs: ['user-1'] }, allow: { tools: ['echo'] } }],
      origins: { allowedHosts: ['127.0.0.1'] },
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('accepts a token for this resource, applies policy by sub, and keeps the token from the upstream', async () => {
    const token = await sign({ scope: 'mcp' }, 'http://127.0.0.1:1/mcp');
    const client = await connectClient(g.url, token);
    assert.deepEqual(
      (await client.listTools()).tools.map((t) => t.name),
      ['echo'],
    );
    await client.close();
    assert.ok(
      upstream.seen.every((h) => h.authorization === undefined && !JSON.stringify(h).includes(token)),
    );
    assert.ok(
      g.audit.some((l) => l.principal === 'jwt:sub:user-1' || String(l.principal).includes('user-1')),
    );
  });

  it('refuses a token minted for another audience with 401 invalid_token', async () => {
    const token = await sign({ scope: 'mcp' }, 'https://other.example/mcp');
    const r = await rawPost(g.url, INIT, { authorization: `Bearer ${token}` });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate') ?? '', /invalid_token/);
  });
});
