import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  connectClient,
  endSession,
  INIT,
  makeKeyStore,
  type RunningGuard,
  rawPost,
  startGuard,
} from './guard-harness.ts';
import { type Spawned, startEverythingHttp, startRedis } from './spawn-helpers.ts';
import { type RecordingServer, startRecordingStatelessServer } from './upstream-fixtures.ts';

describe('@modelcontextprotocol/server-everything over HTTP through the guard', () => {
  const store = makeKeyStore(['user']);
  let everything: Spawned;
  let g: RunningGuard;
  before(async () => {
    everything = await startEverythingHttp();
    g = await startGuard({ upstream: { url: everything.url }, auth: { apiKeys: { file: store.file } } });
  });
  after(async () => {
    await g.close();
    await everything.stop();
  });

  it('passes SSE progress through as it happens, not buffered to the end', async () => {
    const client = await connectClient(g.url, store.keys.user as string);
    const progress: number[] = [];
    const started = Date.now();
    const result = await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 2, steps: 4 } },
      undefined,
      { onprogress: () => progress.push(Date.now() - started) },
    );
    const total = Date.now() - started;
    assert.equal(progress.length, 4);
    assert.ok(
      (progress[0] as number) < total - 1000,
      `first progress at ${progress[0]} ms, result at ${total} ms`,
    );
    assert.match(JSON.stringify(result.content), /completed/i);
    await endSession(client);
  });
});

describe('cancellation', () => {
  const store = makeKeyStore(['user']);
  let upstream: RecordingServer;
  let g: RunningGuard;
  before(async () => {
    upstream = await startRecordingStatelessServer();
    g = await startGuard({ upstream: { url: upstream.url }, auth: { apiKeys: { file: store.file } } });
  });
  after(async () => {
    await g.close();
    await upstream.close();
  });

  it('aborts the upstream request when the client closes its SSE stream', async () => {
    const abort = new AbortController();
    const r = await fetch(g.url, {
      method: 'POST',
      signal: abort.signal,
      headers: {
        authorization: `Bearer ${store.keys.user}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'slow_count', arguments: { n: 30 }, _meta: { progressToken: 'p' } },
      }),
    });
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /notifications\/progress/);
    abort.abort();
    const deadline = Date.now() + 2000;
    while (upstream.aborted === 0 && Date.now() < deadline) await new Promise((x) => setTimeout(x, 20));
    assert.equal(upstream.aborted, 1, 'the upstream saw its stream closed');
    const metrics = await (await fetch(new URL('/metrics', g.url))).text();
    assert.match(metrics, /mcp_guard_open_streams 0/);
  });
});

async function limitsSuite(name: string, redisUrl: () => string | undefined): Promise<void> {
  describe(`per-principal rate limits (${name})`, () => {
    const store = makeKeyStore(['a', 'b']);
    let upstream: RecordingServer;
    let g: RunningGuard;
    before(async () => {
      upstream = await startRecordingStatelessServer({ json: true });
      const url = redisUrl();
      g = await startGuard({
        upstream: { url: upstream.url },
        auth: { apiKeys: { file: store.file } },
        limits: { requestsPerMinute: 1000, toolCallsPerMinute: 3, ...(url ? { redisUrl: url } : {}) },
      });
    });
    after(async () => {
      await g.close();
      await upstream.close();
    });

    it('answers 429 with Retry-After once a tool is called too often, and re-initializing resets nothing', async () => {
      const first = await connectClient(g.url, store.keys.a as string);
      for (let i = 0; i < 3; i++) await first.callTool({ name: 'echo', arguments: { text: `x${i}` } });
      await assert.rejects(first.callTool({ name: 'echo', arguments: { text: 'over' } }), /429|Rate limit/);
      // Other tools have their own budget.
      await first.callTool({ name: 'add', arguments: { a: 1, b: 1 } });
      await first.close();
      const again = await connectClient(g.url, store.keys.a as string);
      const r = await rawPost(
        g.url,
        { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'y' } } },
        { authorization: `Bearer ${store.keys.a}`, 'mcp-protocol-version': '2025-06-18' },
      );
      assert.equal(r.status, 429);
      const retry = Number(r.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      await again.close();
      // Another principal is unaffected.
      const other = await rawPost(
        g.url,
        { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'y' } } },
        { authorization: `Bearer ${store.keys.b}`, 'mcp-protocol-version': '2025-06-18' },
      );
      assert.equal(other.status, 200);
      assert.ok(g.audit.some((l) => l.reason === 'tool-rate' && l.status === 429));
    });
  });
}

void limitsSuite('memory', () => undefined);

describe('Redis-backed limits survive a guard restart (real redis-server)', () => {
  let redis: Spawned;
  let upstream: RecordingServer;
  const store = makeKeyStore(['a']);
  before(async () => {
    redis = await startRedis();
    upstream = await startRecordingStatelessServer({ json: true });
  });
  after(async () => {
    await upstream.close();
    await redis.stop();
  });

  it('shares the counters between two guard instances', async () => {
    const flags = {
      upstream: { url: upstream.url },
      auth: { apiKeys: { file: store.file } },
      limits: { requestsPerMinute: 4, redisUrl: redis.url },
    };
    const call = (url: string) => rawPost(url, INIT, { authorization: `Bearer ${store.keys.a}` });
    const g1 = await startGuard(flags);
    for (let i = 0; i < 3; i++) assert.equal((await call(g1.url)).status, 200);
    await g1.close();
    const g2 = await startGuard(flags);
    assert.equal((await call(g2.url)).status, 200);
    const limited = await call(g2.url);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    await g2.close();
  });

  it('fails to start with ERR_INVALID_CONFIG when Redis is unreachable', async () => {
    await assert.rejects(
      startGuard({
        upstream: { url: upstream.url },
        auth: { apiKeys: { file: store.file } },
        limits: { redisUrl: 'redis://127.0.0.1:1' },
      }),
      { code: 'ERR_INVALID_CONFIG' },
    );
  });
});
