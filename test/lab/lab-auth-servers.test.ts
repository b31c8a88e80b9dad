// The oauth-protected and partial lab servers, checked with the official SDK 1.x client and raw HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Lab, LabServerInfo } from '../../src/lab/lab-types.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { INITIALIZE_BODY, postDiscover, postJsonRpc, serverById } from './lab-helpers.ts';

let lab: Lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab.stop();
});

function authHeaders(info: LabServerInfo): Record<string, string> {
  assert.ok(info.credentials, `${info.id} has credentials`);
  return { [info.credentials.header]: info.credentials.value };
}

async function connectWith(info: LabServerInfo, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'lab-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(info.url), { requestInit: { headers } }));
  return client;
}

describe('oauth-protected', () => {
  test('expected block says auth required, no tools visible', () => {
    const { expected } = serverById(lab, 'oauth-protected');
    assert.equal(expected.status, 'mcp-auth-required');
    assert.equal(expected.authMode, 'required');
    assert.deepEqual(expected.tools, []);
  });

  test('initialize and server/discover without a token get 401 with a Bearer resource_metadata challenge', async () => {
    const info = serverById(lab, 'oauth-protected');
    const origin = new URL(info.url).origin;
    for (const res of [await postJsonRpc(info.url, INITIALIZE_BODY), await postDiscover(info.url)]) {
      assert.equal(res.status, 401);
      assert.equal(
        res.headers.get('www-authenticate'),
        `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`,
      );
      await res.body?.cancel();
    }
  });

  test('the SDK client cannot connect anonymously, nor with a wrong token', async () => {
    const info = serverById(lab, 'oauth-protected');
    await assert.rejects(connectWith(info, {}));
    const wrong = await postJsonRpc(info.url, INITIALIZE_BODY, { authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    assert.match(
      wrong.headers.get('www-authenticate') ?? '',
      /^Bearer error="invalid_token", resource_metadata=/,
    );
    await wrong.body?.cancel();
  });

  test('serves RFC 9728 metadata at both well-known forms, pointing at RFC 8414 metadata it also serves', async () => {
    const info = serverById(lab, 'oauth-protected');
    const origin = new URL(info.url).origin;
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const res = await fetch(`${origin}${path}`);
      assert.equal(res.status, 200, path);
      const prm = (await res.json()) as {
        resource: string;
        authorization_servers: string[];
        scopes_supported: string[];
      };
      assert.equal(prm.resource, info.url);
      assert.deepEqual(prm.authorization_servers, [origin]);
      assert.deepEqual(prm.scopes_supported, ['mcp:tools']);
    }
    const asRes = await fetch(`${origin}/.well-known/oauth-authorization-server`);
    assert.equal(asRes.status, 200);
    const as = (await asRes.json()) as Record<string, unknown>;
    assert.equal(as.issuer, origin);
    assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
    assert.equal(as.client_id_metadata_document_supported, true);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint']) {
      assert.ok(String(as[key]).startsWith(`${origin}/`), key);
    }
  });

  test('with the lab token the SDK client connects and lists the simulated tools', async () => {
    const info = serverById(lab, 'oauth-protected');
    const client = await connectWith(info, authHeaders(info));
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      assert.deepEqual(tools, ['run_command', 'read_file', 'query_database']);
    } finally {
      await client.close();
    }
  });

  test('validates Origin: a foreign Origin gets 403 even with the token, a loopback Origin passes', async () => {
    const info = serverById(lab, 'oauth-protected');
    const origin = new URL(info.url).origin;
    const foreign = await postJsonRpc(info.url, INITIALIZE_BODY, {
      ...authHeaders(info),
      origin: 'http://evil.example',
    });
    assert.equal(foreign.status, 403);
    await foreign.body?.cancel();
    const own = await postJsonRpc(info.url, INITIALIZE_BODY, { ...authHeaders(info), origin });
    assert.equal(own.status, 200);
    await own.body?.cancel();
  });
});

describe('partial', () => {
  test('initialize is open to the SDK client, but listing is refused', async () => {
    const info = serverById(lab, 'partial');
    assert.deepEqual(
      [info.expected.status, info.expected.authMode, info.expected.era],
      ['mcp-partial', 'partial', '2025'],
    );
    const client = await connectWith(info, {});
    try {
      assert.equal(client.getServerVersion()?.name, 'lab-partial');
      await assert.rejects(client.listTools());
    } finally {
      await client.close();
    }
  });

  test('tools/list, resources/list and prompts/list answer HTTP 401 with a Bearer challenge; notifications pass', async () => {
    const info = serverById(lab, 'partial');
    for (const method of ['tools/list', 'resources/list', 'prompts/list']) {
      const res = await postJsonRpc(
        info.url,
        { jsonrpc: '2.0', id: 2, method },
        { 'mcp-protocol-version': '2025-06-18' },
      );
      assert.equal(res.status, 401, method);
      assert.match(
        res.headers.get('www-authenticate') ?? '',
        /^Bearer resource_metadata="[^"]+", scope="mcp:tools"$/,
      );
      await res.body?.cancel();
    }
    const note = await postJsonRpc(info.url, { jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.equal(note.status, 202);
    await note.body?.cancel();
  });

  test('with the lab token, tools/list works', async () => {
    const info = serverById(lab, 'partial');
    const client = await connectWith(info, authHeaders(info));
    try {
      assert.deepEqual(
        (await client.listTools()).tools.map((t) => t.name),
        ['run_command', 'read_file', 'query_database'],
      );
    } finally {
      await client.close();
    }
  });
});
