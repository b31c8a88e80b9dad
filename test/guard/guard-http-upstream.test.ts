import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabServerHandle } from '../../src/lab/lab-server.ts';
import { openSessionServer } from '../../src/lab/open-session-server.ts';
import {
  connectClient,
  INIT,
  makeKeyStore,
  type RunningGuard,
  rawPost,
  startGuard,
} from './guard-harness.ts';

describe('guard in front of a 2025 sessionful Streamable HTTP server (SDK 1.x lab server)', () => {
  let upstream: LabServerHandle;
  let g: RunningGuard;
  const store = makeKeyStore(['alice', 'bob', 'ops']);

  before(async () => {
    upstream = await openSessionServer.start('127.0.0.1', 0);
    g = await startGuard({
      upstream: { url: upstream.info.url },
      auth: { apiKeys: { file: store.file } },
      policy: [
        { principals: { keys: ['alice'] }, allow: { tools: ['read_file', 'query_database'] } },
        { principals: { keys: ['bob'] }, allow: { tools: ['*'] }, deny: { tools: ['run_command'] } },
        { principals: { keys: ['ops'] }, allow: { tools: ['*'] } },
      ],
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('answers 401 with a resource_metadata challenge and serves the metadata without auth', async () => {
    const r = await rawPost(g.url, INIT);
    assert.equal(r.status, 401);
    const challenge = r.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    assert.ok(metadataUrl);
    const prm = await fetch(metadataUrl, { headers: { origin: 'https://web-client.example' } });
    assert.equal(prm.status, 200);
    assert.equal(prm.headers.get('access-control-allow-origin'), '*');
    const doc = (await prm.json()) as { resource: string };
    assert.equal(doc.resource, g.url);
  });

  it('lets a valid key list tools, filtered by policy', async () => {
    const alice = await connectClient(g.url, store.keys.alice as string);
    const { tools } = await alice.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['query_database', 'read_file']);
    await alice.close();
    const ops = await connectClient(g.url, store.keys.ops as string);
    assert.equal((await ops.listTools()).tools.length, 3);
    await ops.close();
  });

  it('denies a forbidden tools/call with a JSON-RPC error and audits the rule', async () => {
    const bob = await connectClient(g.url, store.keys.bob as string);
    await assert.rejects(
      bob.callTool({ name: 'run_command', arguments: { command: 'id' } }),
      /Forbidden by policy/,
    );
    const ok = await bob.callTool({ name: 'read_file', arguments: { path: '/etc/hostname' } });
    assert.match(JSON.stringify(ok.content), /simulated/);
    await bob.close();
    const denied = g.audit.find((l) => l.name === 'run_command' && l.principal === 'key:bob');
    assert.ok(denied, 'denied call is in the audit log');
    assert.equal(denied.decision, 'deny');
    assert.equal(denied.rule, 'policy[1].deny');
    assert.equal(denied.reason, 'policy');
  });

  it('keeps serving after a malformed JSON body (400, -32700)', async () => {
    const auth = { authorization: `Bearer ${store.keys.ops}` };
    const bad = await rawPost(g.url, '{"jsonrpc": "2.0", "id": 1, "method": ', auth);
    assert.equal(bad.status, 400);
    assert.equal((bad.json as { error: { code: number } }).error.code, -32700);
    const good = await rawPost(g.url, INIT, auth);
    assert.equal(good.status, 200);
    assert.ok(good.headers.get('mcp-session-id'));
  });

  it('never forwards the client token upstream, and rejects a session used by another principal', async () => {
    const alice = await connectClient(g.url, store.keys.alice as string);
    const sessionId = (alice.transport as { sessionId?: string } | undefined)?.sessionId;
    assert.ok(sessionId);
    const hijack = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      {
        authorization: `Bearer ${store.keys.bob}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
      },
    );
    assert.equal(hijack.status, 403);
    assert.ok(g.audit.some((l) => l.reason === 'session-principal-mismatch'));
    const unknown = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      {
        authorization: `Bearer ${store.keys.bob}`,
        'mcp-session-id': 'made-up',
        'mcp-protocol-version': '2025-06-18',
      },
    );
    assert.equal(unknown.status, 404);
    await alice.close();
  });

  it('refuses a foreign Origin with 403 and a JSON-RPC error without id', async () => {
    const r = await rawPost(g.url, INIT, {
      authorization: `Bearer ${store.keys.ops}`,
      origin: 'https://evil.example',
    });
    assert.equal(r.status, 403);
    assert.equal((r.json as { id: unknown }).id, null);
  });

  it('refuses a rebound Host with 403', async () => {
    const u = new URL(g.url);
    const { request } = await import('undici');
    const r = await request(g.url, {
      method: 'POST',
      headers: {
        host: `attacker.example:${u.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${store.keys.ops}`,
      },
      body: JSON.stringify(INIT),
    });
    assert.equal(r.statusCode, 403);
    await r.body.dump();
  });

  it('exposes /healthz and Prometheus /metrics', async () => {
    const h = await fetch(new URL('/healthz', g.url));
    assert.equal(h.status, 200);
    const m = await (await fetch(new URL('/metrics', g.url))).text();
    assert.match(m, /mcp_guard_requests_total\{method="tools\/list",status="200"\} \d+/);
    assert.match(m, /mcp_guard_denials_total\{reason="policy"\} \d+/);
    assert.match(m, /mcp_guard_request_duration_seconds_bucket\{le="\+Inf",phase="upstream"\} \d+/);
  });
});
