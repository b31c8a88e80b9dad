// The oauth-protected server's authorization server, driven end to end by the official SDK 1.x OAuth client.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { isLoopbackRedirect } from '../../src/lab/lab-authorization-server.ts';
import type { Lab } from '../../src/lab/lab-types.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { serverById } from './lab-helpers.ts';

// A loopback redirect that is never contacted: the test reads the code from the 302 Location itself.
const REDIRECT = 'http://127.0.0.1:9/callback';

class TestOAuthProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  get redirectUrl(): string {
    return REDIRECT;
  }
  get clientMetadata() {
    return { client_name: 'lab-test', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

let lab: Lab;
let origin: string;
before(async () => {
  lab = await startLab();
  origin = new URL(serverById(lab, 'oauth-protected').url).origin;
});
after(async () => {
  await lab.stop();
});

async function authorizeCode(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location') ?? '');
}

describe('lab authorization server', () => {
  test('the SDK client discovers PRM and AS metadata, registers, authorizes with PKCE and lists tools', async () => {
    const info = serverById(lab, 'oauth-protected');
    const provider = new TestOAuthProvider();
    const first = new StreamableHTTPClientTransport(new URL(info.url), { authProvider: provider });
    await assert.rejects(new Client({ name: 'lab-test', version: '0' }).connect(first), UnauthorizedError);
    assert.ok(provider.authorizationUrl, 'the client was sent to the authorization endpoint');
    assert.equal(
      provider.authorizationUrl.origin + provider.authorizationUrl.pathname,
      `${origin}/oauth/authorize`,
    );
    assert.equal(provider.authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    const back = await authorizeCode(provider.authorizationUrl.href);
    assert.equal(back.origin + back.pathname, REDIRECT);
    assert.equal(back.searchParams.get('iss'), origin);
    await first.finishAuth(back.searchParams.get('code') ?? '');
    assert.equal(`Bearer ${provider.saved?.access_token}`, info.credentials?.value);

    const client = new Client({ name: 'lab-test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(info.url), { authProvider: provider }));
    try {
      assert.deepEqual(
        (await client.listTools()).tools.map((t) => t.name),
        ['run_command', 'read_file', 'query_database'],
      );
    } finally {
      await client.close();
    }
  });

  test('codes are single use and bound to the PKCE verifier', async () => {
    const reg = await fetch(`${origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT] }),
    });
    assert.equal(reg.status, 201);
    const { client_id } = (await reg.json()) as { client_id: string };
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    });
    const exchange = (code: string, codeVerifier: string) =>
      fetch(`${origin}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          code_verifier: codeVerifier,
          client_id,
          redirect_uri: REDIRECT,
        }),
      });
    const wrongFirst = await authorizeCode(`${origin}/oauth/authorize?${query}`);
    assert.equal(wrongFirst.searchParams.get('state'), 'xyz');
    const bad = await exchange(wrongFirst.searchParams.get('code') ?? '', 'b'.repeat(50));
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'invalid_grant');
    const code = (await authorizeCode(`${origin}/oauth/authorize?${query}`)).searchParams.get('code') ?? '';
    const good = await exchange(code, verifier);
    assert.equal(good.status, 200);
    assert.equal(((await good.json()) as { token_type: string }).token_type, 'Bearer');
    const replay = await exchange(code, verifier);
    assert.equal(replay.status, 400);
    await replay.body?.cancel();
  });

  test('refuses non-loopback redirect URIs, unknown clients and missing PKCE', async () => {
    const reg = await fetch(`${origin}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://attacker.example/cb'] }),
    });
    assert.equal(reg.status, 400);
    await reg.body?.cancel();
    const unknown = await fetch(
      `${origin}/oauth/authorize?client_id=nobody&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      { redirect: 'manual' },
    );
    assert.equal(unknown.status, 400);
    await unknown.body?.cancel();
    for (const value of [
      'https://example.com/cb',
      'javascript:alert(1)',
      'http://127.0.0.1.evil.example/',
      42,
    ]) {
      assert.equal(isLoopbackRedirect(value), false, String(value));
    }
    assert.equal(isLoopbackRedirect('http://localhost:8080/cb'), true);
  });

  test('accepts a client ID metadata document served on loopback', async () => {
    const doc = createServer((_req, res) => {
      const clientId = `http://127.0.0.1:${(doc.address() as { port: number }).port}/client.json`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ client_id: clientId, client_name: 'cimd', redirect_uris: [REDIRECT] }));
    });
    await new Promise<void>((resolve) => doc.listen(0, '127.0.0.1', resolve));
    try {
      const clientId = `http://127.0.0.1:${(doc.address() as { port: number }).port}/client.json`;
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      });
      const back = await authorizeCode(`${origin}/oauth/authorize?${query}`);
      assert.ok(back.searchParams.get('code'));
      const missingPkce = await authorizeCode(
        `${origin}/oauth/authorize?${query.toString().replace(/&code_challenge=[^&]*/, '')}`,
      );
      assert.equal(missingPkce.searchParams.get('error'), 'invalid_request');
    } finally {
      doc.closeAllConnections();
      await new Promise((resolve) => doc.close(resolve));
    }
  });
});
