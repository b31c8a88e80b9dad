import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startGuardedLabServer } from '../../src/guard/guarded-lab-server.ts';
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
import { type RecordingServer, startRecordingStatelessServer } from './upstream-fixtures.ts';

const call = (id: number, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('enforcement details', () => {
  const store = makeKeyStore(['basic', 'admin'], { admin: ['tools:admin'] });
  let upstream: RecordingServer;
  let g: RunningGuard;
  before(async () => {
    upstream = await startRecordingStatelessServer({ json: true });
    g = await startGuard({
      upstream: { url: upstream.url },
      auth: { apiKeys: { file: store.file } },
      policy: [{ allow: { tools: ['echo', 'add', 'slow_count'] }, requireScopes: { add: ['tools:admin'] } }],
      limits: { maxBodyBytes: 2048, maxConcurrent: 1 },
      audit: { logArguments: true, redact: ['arguments.password'] },
    });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });
  const auth = (who: 'basic' | 'admin') => ({
    authorization: `Bearer ${store.keys[who]}`,
    'mcp-protocol-version': '2025-06-18',
  });

  it('asks for a scope step-up with 403 insufficient_scope naming every needed scope', async () => {
    const r = await rawPost(g.url, call(1, 'add', { a: 1, b: 2 }), auth('basic'));
    assert.equal(r.status, 403);
    const challenge = r.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /error="insufficient_scope"/);
    assert.match(challenge, /scope="tools:admin"/);
    assert.match(challenge, /resource_metadata="/);
    const ok = await rawPost(g.url, call(2, 'add', { a: 1, b: 2 }), auth('admin'));
    assert.equal(ok.status, 200);
    assert.match(ok.text, /"3"/);
  });

  it('caps the request body (413) and the content type (415)', async () => {
    const big = await rawPost(g.url, call(3, 'echo', { text: 'x'.repeat(5000) }), auth('basic'));
    assert.equal(big.status, 413);
    const r = await fetch(g.url, {
      method: 'POST',
      headers: { ...auth('basic'), 'content-type': 'text/plain' },
      body: '{}',
    });
    assert.equal(r.status, 415);
  });

  it('authorizes a batch element by element and merges the guard denials into the answer', async () => {
    const r = await rawPost(
      g.url,
      [call(10, 'echo', { text: 'hi' }), call(11, 'run_command', { command: 'id' })],
      auth('basic'),
    );
    assert.equal(r.status, 200);
    const answers = r.json as { id: number; result?: unknown; error?: { code: number } }[];
    assert.ok(Array.isArray(answers));
    const byId = new Map(answers.map((a) => [a.id, a]));
    assert.ok(byId.get(10)?.result, JSON.stringify(answers));
    assert.equal(byId.get(11)?.error?.code, -32003);
    const line = g.audit.find((l) => Array.isArray(l.batch) && (l.batch as unknown[]).length === 2);
    assert.ok(line);
    assert.deepEqual(
      (line.batch as { name: string; decision: string }[]).map((b) => [b.name, b.decision]),
      [
        ['echo', 'allow'],
        ['run_command', 'deny'],
      ],
    );
  });

  it('logs tool arguments only when configured, with redaction', async () => {
    await rawPost(g.url, call(20, 'echo', { text: 'visible', password: 'hunter2' }), auth('basic'));
    const line = g.audit.find(
      (l) => l.name === 'echo' && (l.arguments as { text?: string } | undefined)?.text === 'visible',
    );
    assert.ok(line);
    assert.equal((line.arguments as { password: string }).password, '[REDACTED]');
    assert.ok(!JSON.stringify(g.audit).includes('hunter2'));
  });

  it('caps concurrent in-flight requests per principal (429)', async () => {
    const slow = rawPost(g.url, call(30, 'slow_count', { n: 4 }), auth('basic'));
    await new Promise((r) => setTimeout(r, 100));
    const second = await rawPost(g.url, call(31, 'echo', { text: 'x' }), auth('basic'));
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '1');
    const other = await rawPost(g.url, call(32, 'echo', { text: 'x' }), auth('admin'));
    assert.equal(other.status, 200);
    assert.equal((await slow).status, 200);
  });
});

describe('startGuardedLabServer', () => {
  let lab: LabServerHandle;
  before(async () => {
    lab = await openSessionServer.start('127.0.0.1', 0);
  });
  after(() => lab.close());

  it('locks a lab server behind a fresh API key', async () => {
    const guarded = await startGuardedLabServer(lab.info.url);
    try {
      assert.equal((await rawPost(guarded.url, INIT)).status, 401);
      const client = await connectClient(guarded.url, guarded.apiKey);
      assert.equal((await client.listTools()).tools.length, 3);
      await client.close();
    } finally {
      await guarded.close();
    }
    const lines = readFileSync(guarded.auditFile, 'utf8').trim().split('\n');
    assert.ok(lines.length >= 2);
  });
});

describe('upstream caps: timeout, response size, open streams', () => {
  const store = makeKeyStore(['u']);
  let jsonUpstream: RecordingServer;
  let sseUpstream: RecordingServer;
  let timeoutGuard: RunningGuard;
  let streamGuard: RunningGuard;
  let sseTimeoutGuard: RunningGuard;
  const auth = () => ({ authorization: `Bearer ${store.keys.u}`, 'mcp-protocol-version': '2025-06-18' });
  before(async () => {
    jsonUpstream = await startRecordingStatelessServer({ json: true });
    sseUpstream = await startRecordingStatelessServer();
    timeoutGuard = await startGuard({
      upstream: { url: jsonUpstream.url, timeoutMs: 300 },
      auth: { apiKeys: { file: store.file } },
      limits: { maxResponseBytes: 400 },
    });
    sseTimeoutGuard = await startGuard({
      upstream: { url: sseUpstream.url, timeoutMs: 350 },
      auth: { apiKeys: { file: store.file } },
    });
    streamGuard = await startGuard({
      upstream: { url: sseUpstream.url },
      auth: { apiKeys: { file: store.file } },
      limits: { maxOpenStreams: 1 },
    });
  });
  after(async () => {
    await timeoutGuard.close();
    await streamGuard.close();
    await sseTimeoutGuard.close();
    await jsonUpstream.close();
    await sseUpstream.close();
  });

  it('answers 504 when the upstream is slower than upstream.timeoutMs', async () => {
    const r = await rawPost(timeoutGuard.url, call(1, 'slow_count', { n: 10 }), auth());
    assert.equal(r.status, 504);
    assert.ok(timeoutGuard.audit.some((l) => l.reason === 'timeout'));
  });

  it('cuts a tool call whose SSE answer is still streaming when upstream.timeoutMs runs out', async () => {
    const started = Date.now();
    const body = {
      ...call(7, 'slow_count', { n: 20 }),
      params: { name: 'slow_count', arguments: { n: 20 }, _meta: { progressToken: 't' } },
    };
    const outcome = await rawPost(sseTimeoutGuard.url, body, auth()).then(
      (r) => r.text,
      (error: Error) => `cut: ${error.message}`,
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_500, `cut after ${elapsed} ms, not after the 2 s the tool takes`);
    assert.ok(outcome.includes('notifications/progress') || outcome.startsWith('cut:'), outcome);
    assert.equal(outcome.includes('counted to 20'), false, 'the final result never arrived');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(sseTimeoutGuard.audit.some((l) => l.reason === 'timeout' && l.name === 'slow_count'));
  });

  it('answers 502 when the upstream response exceeds limits.maxResponseBytes', async () => {
    const r = await rawPost(timeoutGuard.url, call(2, 'echo', { text: 'y'.repeat(1000) }), auth());
    assert.equal(r.status, 502);
    assert.ok(timeoutGuard.audit.some((l) => l.reason === 'response-too-large'));
  });

  it('answers 503 beyond limits.maxOpenStreams', async () => {
    const first = rawPost(streamGuard.url, call(3, 'slow_count', { n: 5 }), auth());
    await new Promise((r) => setTimeout(r, 150));
    const second = await rawPost(streamGuard.url, call(4, 'slow_count', { n: 1 }), auth());
    assert.equal(second.status, 503);
    assert.equal((await first).status, 200);
    const again = await rawPost(streamGuard.url, call(5, 'slow_count', { n: 1 }), auth());
    assert.equal(again.status, 200);
  });
});

describe('CORS', () => {
  const store = makeKeyStore(['u']);
  let upstream: RecordingServer;
  let open: RunningGuard;
  let closed: RunningGuard;
  before(async () => {
    upstream = await startRecordingStatelessServer({ json: true });
    open = await startGuard({
      upstream: { url: upstream.url },
      auth: { apiKeys: { file: store.file } },
      cors: { enabled: true, origins: ['https://app.example.com'] },
    });
    closed = await startGuard({ upstream: { url: upstream.url }, auth: { apiKeys: { file: store.file } } });
  });
  after(async () => {
    await open.close();
    await closed.close();
    await upstream.close();
  });

  it('answers preflights and exposes headers only for configured origins', async () => {
    const pre = await fetch(open.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const r = await rawPost(open.url, INIT, {
      origin: 'https://app.example.com',
      authorization: `Bearer ${store.keys.u}`,
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('access-control-expose-headers') ?? '', /mcp-session-id/);
  });

  it('is off by default', async () => {
    const r = await rawPost(closed.url, INIT, { authorization: `Bearer ${store.keys.u}` });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    const foreign = await rawPost(closed.url, INIT, {
      origin: 'https://app.example.com',
      authorization: `Bearer ${store.keys.u}`,
    });
    assert.equal(foreign.status, 403);
  });
});
