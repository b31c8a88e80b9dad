import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client as Client2, StreamableHTTPClientTransport as Transport2 } from '@modelcontextprotocol/client';
import type { LabServerHandle } from '../../src/lab/lab-server.ts';
import { legacySseServer } from '../../src/lab/legacy-sse-server.ts';
import { modern2026Server } from '../../src/lab/modern-2026-server.ts';
import { connectClient, makeKeyStore, type RunningGuard, rawPost, startGuard } from './guard-harness.ts';
import { type RecordingServer, startRecordingStatelessServer } from './upstream-fixtures.ts';

const store = makeKeyStore(['alice', 'mallory']);
const policy = [
  { principals: { keys: ['alice'] }, allow: { tools: ['*'] } },
  { principals: { keys: ['mallory'] }, allow: { tools: ['send_email', 'echo', 'read_file'] } },
];

function modernBody(method: string, params: Record<string, unknown> = {}) {
  return {
    jsonrpc: '2.0',
    id: 7,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientInfo': { name: 'raw-2026', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  };
}

describe('2026-07-28 stateless upstream (SDK 2.x createMcpHandler lab server)', () => {
  let upstream: LabServerHandle;
  let g: RunningGuard;
  before(async () => {
    upstream = await modern2026Server.start('127.0.0.1', 0);
    g = await startGuard({
      upstream: { url: upstream.info.url },
      auth: { apiKeys: { file: store.file } },
      policy,
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('an SDK 2.x client negotiates 2026-07-28 through the guard and sees the filtered list', async () => {
    const client = new Client2(
      { name: 'modern', version: '1' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new Transport2(new URL(g.url), {
        requestInit: { headers: { authorization: `Bearer ${store.keys.mallory}` } },
      }),
    );
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      assert.deepEqual(
        (await client.listTools()).tools.map((t) => t.name),
        ['send_email'],
      );
      await assert.rejects(
        client.callTool({
          name: 'create_payment',
          arguments: { amount: 1, currency: 'EUR', recipient: 'x' },
        }),
        /Forbidden/,
      );
      const sent = await client.callTool({
        name: 'send_email',
        arguments: { to: 'a@b', subject: 's', body: 'b' },
      });
      assert.match(JSON.stringify(sent.content), /simulated/);
    } finally {
      await client.close();
    }
    assert.ok(
      g.audit.some((l) => l.era === 'modern' && l.name === 'create_payment' && l.decision === 'deny'),
    );
  });

  it('rejects Mcp-Name that disagrees with the body (400, -32020), including Base64 sentinels', async () => {
    const auth = {
      authorization: `Bearer ${store.keys.alice}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
    };
    const body = modernBody('tools/call', {
      name: 'create_payment',
      arguments: { amount: 1, currency: 'EUR', recipient: 'x' },
    });
    const lie = await rawPost(g.url, body, { ...auth, 'mcp-name': 'send_email' });
    assert.equal(lie.status, 400);
    assert.equal((lie.json as { error: { code: number } }).error.code, -32020);
    const encodedLie = await rawPost(g.url, body, {
      ...auth,
      'mcp-name': `=?base64?${Buffer.from('send_email').toString('base64')}?=`,
    });
    assert.equal(encodedLie.status, 400);
    const encodedTruth = await rawPost(g.url, body, {
      ...auth,
      'mcp-name': `=?base64?${Buffer.from('create_payment').toString('base64')}?=`,
    });
    assert.equal(encodedTruth.status, 200);
    const missing = await rawPost(g.url, body, auth);
    assert.equal(missing.status, 400);
    const wrongMethod = await rawPost(g.url, body, {
      ...auth,
      'mcp-method': 'tools/list',
      'mcp-name': 'create_payment',
    });
    assert.equal(wrongMethod.status, 400);
  });

  it('does not trust mirrored headers on a 2025 request: the body decides', async () => {
    const r = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'create_payment', arguments: {} } },
      {
        authorization: `Bearer ${store.keys.mallory}`,
        'mcp-protocol-version': '2025-06-18',
        'mcp-name': 'send_email',
      },
    );
    // The policy judged the body's name (create_payment), not the header's.
    assert.equal((r.json as { error: { code: number } }).error.code, -32003);
  });
});

describe('legacy HTTP+SSE upstream (SDK 1.x SSEServerTransport lab server)', () => {
  let upstream: LabServerHandle;
  let g: RunningGuard;
  before(async () => {
    upstream = await legacySseServer.start('127.0.0.1', 0);
    g = await startGuard({
      upstream: { url: upstream.info.url },
      auth: { apiKeys: { file: store.file } },
      policy,
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('bridges Streamable HTTP clients to the SSE upstream, one upstream connection per session', async () => {
    assert.equal(g.guard.upstream.kind, 'legacy-sse');
    const a = await connectClient(g.url, store.keys.alice as string);
    const m = await connectClient(g.url, store.keys.mallory as string);
    const all = (await a.listTools()).tools.map((t) => t.name);
    assert.ok(all.length >= 2);
    const visible = (await m.listTools()).tools.map((t) => t.name);
    assert.ok(visible.every((n) => ['send_email', 'echo', 'read_file'].includes(n)));
    assert.ok(visible.length < all.length);
    const [parallel1, parallel2] = await Promise.all([a.listTools(), a.listTools()]);
    assert.equal(parallel1.tools.length, parallel2.tools.length);
    await a.close();
    await m.close();
  });
});

describe('client credentials never reach the upstream', () => {
  let upstream: RecordingServer;
  let g: RunningGuard;
  before(async () => {
    upstream = await startRecordingStatelessServer();
    g = await startGuard({
      upstream: { url: upstream.url, headers: { 'x-upstream-key': 'upstream-secret' } },
      auth: { apiKeys: { file: store.file } },
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('forwards upstream.headers instead of the client Authorization', async () => {
    const client = await connectClient(g.url, store.keys.alice as string);
    const r = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
    assert.match(JSON.stringify(r.content), /"5"/);
    await client.close();
    assert.ok(upstream.seen.length >= 2);
    for (const headers of upstream.seen) {
      assert.equal(headers.authorization, undefined);
      assert.equal(headers['x-upstream-key'], 'upstream-secret');
      assert.ok(!JSON.stringify(headers).includes(store.keys.alice as string));
    }
  });
});
