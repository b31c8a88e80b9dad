/**
 * Lifecycle of legacy HTTP+SSE upstream connections behind a real guard (channel-bridge.ts over
 * legacy-sse-channel.ts): crash and replacement, upstream down and back, the audit line of a request the
 * guard had to answer itself, idle timeout, DELETE (also mid-call and mid-reconnect), the connection cap,
 * sessionless pooling and guard shutdown. The upstream is the official SDK 1.x `SSEServerTransport` with an
 * McpServer; what it sees (SSE connections opened and closed, tool calls) is the evidence.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { z } from 'zod';
import { INIT, makeKeyStore, type RunningGuard, rawPost, startGuard } from './guard-harness.ts';

interface LegacyUpstream {
  url: string;
  /** SSE connections the upstream accepted, and how many of them have closed since. */
  opened: number;
  closed: number;
  /** SSE connections open right now. */
  open(): number;
  /** Tool calls that reached the upstream, by name. */
  calls: string[];
  /** While true, POSTed messages are refused with 503 (the SSE stream stays up). */
  refusePosts: boolean;
  /** While true, a GET /sse is answered with an event stream that ends before any `endpoint` event. */
  endStreamsAtOnce: boolean;
  /** While true, a GET /sse waits (counted in `held`) until `releaseStreams()`. */
  holdStreams: boolean;
  held: number;
  releaseStreams(): void;
  /** Lets every `hold` call that is waiting finish. */
  release(): void;
  /** Destroys every open SSE response; the server keeps listening. */
  dropStreams(): void;
  /** Cuts every connection and stops listening (the upstream process "dies"). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

/** A legacy 2024-11-05 server: GET /sse opens a stream with an `endpoint` event, POST /messages?sessionId=… */
async function startLegacyUpstream(): Promise<LegacyUpstream> {
  const streams = new Map<string, { transport: SSEServerTransport; res: ServerResponse }>();
  let waiting: (() => void)[] = [];
  let heldStreams: (() => void)[] = [];
  const upstream: LegacyUpstream = {
    url: '',
    opened: 0,
    closed: 0,
    calls: [],
    refusePosts: false,
    endStreamsAtOnce: false,
    holdStreams: false,
    held: 0,
    open: () => upstream.opened - upstream.closed,
    releaseStreams() {
      upstream.holdStreams = false;
      for (const go of heldStreams) go();
      heldStreams = [];
    },
    release() {
      for (const go of waiting) go();
      waiting = [];
    },
    dropStreams() {
      for (const { res } of streams.values()) res.destroy();
    },
    stop: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
    restart: () => new Promise((resolve) => http.listen(port, '127.0.0.1', resolve)),
  };
  const build = (): McpServer => {
    const server = new McpServer({ name: 'legacy-sse-upstream', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text }) => {
      upstream.calls.push('echo');
      return { content: [{ type: 'text', text }] };
    });
    server.registerTool('hold', { inputSchema: {} }, async () => {
      upstream.calls.push('hold');
      await new Promise<void>((go) => waiting.push(go));
      return { content: [{ type: 'text', text: 'released' }] };
    });
    return server;
  };
  const http: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream.invalid');
    if (req.method === 'GET' && url.pathname === '/sse' && upstream.endStreamsAtOnce) {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sse') {
      if (upstream.holdStreams) {
        upstream.held++;
        await new Promise<void>((go) => heldStreams.push(go));
      }
      const transport = new SSEServerTransport('/messages', res);
      const server = build();
      streams.set(transport.sessionId, { transport, res });
      upstream.opened++;
      res.on('close', () => {
        upstream.closed++;
        streams.delete(transport.sessionId);
        void server.close();
      });
      await server.connect(transport);
      return;
    }
    const stream = streams.get(url.searchParams.get('sessionId') ?? '');
    if (req.method === 'POST' && url.pathname === '/messages' && stream !== undefined) {
      if (upstream.refusePosts) {
        res.writeHead(503).end();
        return;
      }
      await stream.transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  upstream.url = `http://127.0.0.1:${port}/sse`;
  return upstream;
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Reply = Awaited<ReturnType<typeof rawPost>>;

/** A 2025 session through the guard, driven with raw requests so statuses and bodies are visible. */
async function openSession(g: RunningGuard, key: string): Promise<string> {
  const init = await rawPost(g.url, INIT, { authorization: `Bearer ${key}` });
  assert.equal(init.status, 200, init.text);
  const sessionId = init.headers.get('mcp-session-id');
  assert.ok(sessionId !== null && sessionId.length >= 32, 'the guard mints a session id');
  const ack = await rawPost(
    g.url,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { authorization: `Bearer ${key}`, 'mcp-session-id': sessionId },
  );
  assert.equal(ack.status, 202);
  return sessionId;
}

/** tools/call on a session, answered as one JSON body (not SSE) so the status and body are checked as-is. */
function callTool(g: RunningGuard, key: string, sessionId: string, name: string, id = 7): Promise<Reply> {
  const args = name === 'echo' ? { text: 'still here' } : {};
  return rawPost(
    g.url,
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } },
    { authorization: `Bearer ${key}`, 'mcp-session-id': sessionId, accept: 'application/json' },
  );
}

/**
 * Drops the session's upstream connection, then calls a tool: the guard starts reconnecting, and the
 * upstream holds the new connection open (before its endpoint event) until `releaseStreams()`.
 */
async function callWhileReconnecting(
  upstream: LegacyUpstream,
  g: RunningGuard,
  key: string,
  sessionId: string,
  id: number,
): Promise<{ pending: Promise<Reply> }> {
  upstream.dropStreams();
  await until(() => upstream.open() === 0, 'the connection to drop');
  upstream.holdStreams = true;
  const held = upstream.held;
  const pending = callTool(g, key, sessionId, 'echo', id);
  await until(() => upstream.held > held, 'the guard to start reconnecting');
  // Wrapped: an async function returning the promise itself would wait for the held call to finish.
  return { pending };
}

function rpcError(r: Reply): { code: number; message: string } {
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  const body = r.json as { error?: { code: number; message: string } };
  assert.ok(body.error !== undefined, `expected a JSON-RPC error, got ${r.text}`);
  return body.error;
}

function deleteSession(g: RunningGuard, key: string, sessionId: string): Promise<Response> {
  return fetch(g.url, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${key}`, 'mcp-session-id': sessionId },
  });
}

describe('legacy SSE upstream: crash and replacement', () => {
  const store = makeKeyStore(['user']);
  const key = store.keys.user as string;
  let upstream: LegacyUpstream;
  let g: RunningGuard;
  before(async () => {
    upstream = await startLegacyUpstream();
    g = await startGuard({ upstream: { url: upstream.url }, auth: { apiKeys: { file: store.file } } });
  });
  after(async () => {
    upstream.release();
    await g.close();
    await upstream.stop();
  });

  it('answers a call in flight with a JSON-RPC error when its SSE stream dies, then reconnects the session', {
    timeout: 5000,
  }, async () => {
    assert.equal(g.guard.upstream.kind, 'legacy-sse');
    const sessionId = await openSession(g, key);
    assert.equal(upstream.opened, 1);
    const pending = callTool(g, key, sessionId, 'hold', 41);
    await until(() => upstream.calls.includes('hold'), 'the call to reach the upstream');
    upstream.dropStreams();

    const failed = await pending;
    assert.equal(failed.status, 200);
    const error = rpcError(failed);
    assert.equal((failed.json as { id: number }).id, 41, 'the client id is restored');
    assert.equal(error.code, -32603);
    assert.match(error.message, /connection ended .*new one starts on the next request/);
    const line = g.audit.find((l) => l.method === 'tools/call' && l.name === 'hold');
    assert.equal(line?.decision, 'error', 'the audit line records the failure');
    assert.equal(line?.reason, 'upstream-ended');

    // The same session id keeps working: the guard opens a new SSE connection and replays initialize.
    const echo = await callTool(g, key, sessionId, 'echo');
    assert.equal(echo.status, 200);
    assert.match(JSON.stringify(echo.json), /still here/);
    assert.equal(upstream.opened, 2);
  });

  it('keeps serving while the upstream is down (502) and recovers once it is back on the same port', {
    timeout: 5000,
  }, async () => {
    const sessionId = await openSession(g, key);
    const pending = callTool(g, key, sessionId, 'hold', 42);
    const calls = upstream.calls.length;
    await until(() => upstream.calls.length > calls, 'the call to reach the upstream');
    await upstream.stop();

    const failed = await pending;
    assert.equal(failed.status, 200);
    assert.match(rpcError(failed).message, /connection ended/);

    // Down: the session's next request and a new initialize both get a clean 502, not a hang or a 500.
    const again = await callTool(g, key, sessionId, 'echo');
    assert.equal(again.status, 502);
    assert.match(rpcError(again).message, /could not start: legacy SSE upstream unreachable/);
    const fresh = await rawPost(g.url, INIT, { authorization: `Bearer ${key}` });
    assert.equal(fresh.status, 502);
    assert.equal(fresh.headers.get('mcp-session-id'), null, 'no session is minted for a failed start');
    const health = await fetch(new URL('/healthz', g.url));
    assert.equal(health.status, 200);
    assert.ok(
      g.audit.filter((l) => l.status === 502 && l.reason === 'upstream-start').length >= 2,
      'the audit log records the failed starts',
    );

    await upstream.restart();
    // Up but not ready (a stream that ends before its endpoint event): a prompt 502, not a wait for
    // upstream.timeoutMs (30 s here).
    upstream.endStreamsAtOnce = true;
    const early = await callTool(g, key, sessionId, 'echo');
    upstream.endStreamsAtOnce = false;
    assert.equal(early.status, 502);
    assert.match(
      rpcError(early).message,
      /could not start: legacy SSE upstream sent no endpoint event: stream ended/,
    );

    const opened = upstream.opened;
    const back = await callTool(g, key, sessionId, 'echo');
    assert.equal(back.status, 200, back.text);
    assert.match(JSON.stringify(back.json), /still here/);
    const newSession = await openSession(g, key);
    const echo = await callTool(g, key, newSession, 'echo');
    assert.match(JSON.stringify(echo.json), /still here/);
    assert.equal(upstream.opened, opened + 2, 'one new upstream connection per session');
  });
});

describe('legacy SSE upstream: failures the guard answers for the upstream are audited', () => {
  const store = makeKeyStore(['user']);
  const key = store.keys.user as string;
  let upstream: LegacyUpstream;
  let g: RunningGuard;
  before(async () => {
    upstream = await startLegacyUpstream();
    g = await startGuard({
      upstream: { url: upstream.url, timeoutMs: 300 },
      auth: { apiKeys: { file: store.file } },
    });
  });
  after(async () => {
    upstream.release();
    await g.close();
    await upstream.stop();
  });

  it('a call the upstream never answers: -32603 at upstream.timeoutMs, audited as a timeout', {
    timeout: 5000,
  }, async () => {
    const sessionId = await openSession(g, key);
    const r = await callTool(g, key, sessionId, 'hold', 43);
    assert.equal(r.status, 200);
    assert.match(rpcError(r).message, /timed out/);
    const line = g.audit.find((l) => l.method === 'tools/call' && l.name === 'hold');
    assert.equal(line?.decision, 'error');
    assert.equal(line?.reason, 'timeout');
  });

  it('a message the upstream refuses: -32603 naming the refusal, audited', { timeout: 5000 }, async () => {
    const sessionId = await openSession(g, key);
    upstream.refusePosts = true;
    try {
      const r = await callTool(g, key, sessionId, 'echo', 44);
      assert.equal(r.status, 200);
      assert.match(rpcError(r).message, /unavailable: legacy SSE upstream refused a message \(503\)/);
    } finally {
      upstream.refusePosts = false;
    }
    const line = g.audit.find((l) => l.method === 'tools/call' && l.name === 'echo');
    assert.equal(line?.decision, 'error');
    assert.equal(line?.reason, 'upstream-send');
    // The connection itself is fine: the next call goes through.
    const echo = await callTool(g, key, sessionId, 'echo');
    assert.match(JSON.stringify(echo.json), /still here/);
  });
});

describe('legacy SSE upstream: idle timeout (stdio.idleTimeoutMs applies to legacy SSE connections too)', () => {
  const store = makeKeyStore(['user']);
  const key = store.keys.user as string;
  const IDLE_MS = 250;
  let upstream: LegacyUpstream;
  let g: RunningGuard;
  before(async () => {
    upstream = await startLegacyUpstream();
    g = await startGuard({
      upstream: { url: upstream.url },
      auth: { apiKeys: { file: store.file } },
      stdio: { idleTimeoutMs: IDLE_MS },
    });
  });
  after(async () => {
    upstream.release();
    await g.close();
    await upstream.stop();
  });

  it("closes an idle session's upstream SSE connection; its id then answers 404, a new initialize works", {
    timeout: 5000,
  }, async () => {
    const opened = upstream.opened;
    const sessionId = await openSession(g, key);
    assert.equal(upstream.opened, opened + 1);
    await until(() => upstream.open() === 0, 'the guard to close the idle upstream connection');
    const r = await callTool(g, key, sessionId, 'echo');
    assert.equal(r.status, 404);
    assert.deepEqual(rpcError(r), { code: -32001, message: 'Session not found' });
    assert.equal(g.audit.at(-1)?.reason, 'unknown-session');
    const fresh = await openSession(g, key);
    const echo = await callTool(g, key, fresh, 'echo');
    assert.match(JSON.stringify(echo.json), /still here/);
    await until(() => upstream.open() === 0, 'the new connection to idle out too');
  });

  it('does not count a call still in flight as idle', { timeout: 5000 }, async () => {
    const sessionId = await openSession(g, key);
    const pending = callTool(g, key, sessionId, 'hold', 45);
    await until(() => upstream.calls.includes('hold'), 'the call to reach the upstream');
    // Proving a negative takes waiting: three idle periods with the call still running.
    await new Promise((r) => setTimeout(r, 3 * IDLE_MS));
    assert.equal(upstream.open(), 1, 'the busy connection is still open');
    upstream.release();
    const done = await pending;
    assert.match(JSON.stringify(done.json), /released/);
    await until(() => upstream.open() === 0, 'the connection to idle out once the call is answered');
  });

  it('does not count a session as idle while its connection to the upstream is reopening', {
    timeout: 5000,
  }, async () => {
    const sessionId = await openSession(g, key);
    const { pending } = await callWhileReconnecting(upstream, g, key, sessionId, 49);
    // As above: the reconnect outlasts three idle periods.
    await new Promise((r) => setTimeout(r, 3 * IDLE_MS));
    upstream.releaseStreams();
    const r = await pending;
    assert.equal(r.status, 200, r.text);
    assert.match(JSON.stringify(r.json), /still here/);
    await until(() => upstream.open() === 0, 'the connection to idle out afterwards');
  });
});

describe('legacy SSE upstream: DELETE, the connection cap and sessionless traffic', () => {
  const store = makeKeyStore(['user', 'other']);
  const key = store.keys.user as string;
  let upstream: LegacyUpstream;
  let g: RunningGuard;
  before(async () => {
    upstream = await startLegacyUpstream();
    g = await startGuard({
      upstream: { url: upstream.url },
      auth: { apiKeys: { file: store.file } },
      stdio: { maxChildren: 2 },
    });
  });
  after(async () => {
    upstream.release();
    await g.close();
    await upstream.stop();
  });

  it("DELETE closes the session's upstream SSE connection; the id then answers 404", {
    timeout: 5000,
  }, async () => {
    const sessionId = await openSession(g, key);
    assert.equal(upstream.open(), 1);
    const r = await deleteSession(g, key, sessionId);
    assert.equal(r.status, 200);
    await until(() => upstream.open() === 0, 'the upstream connection to close');
    assert.equal((await callTool(g, key, sessionId, 'echo')).status, 404);
  });

  it('DELETE answers a call still in flight on that session at once', { timeout: 5000 }, async () => {
    const sessionId = await openSession(g, key);
    const pending = callTool(g, key, sessionId, 'hold', 46);
    const calls = upstream.calls.length;
    await until(() => upstream.calls.length > calls, 'the call to reach the upstream');
    assert.equal((await deleteSession(g, key, sessionId)).status, 200);
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal((r.json as { id: number }).id, 46);
    assert.match(rpcError(r).message, /session ended/i);
    const line = g.audit.find((l) => l.method === 'tools/call' && l.name === 'hold');
    assert.equal(line?.reason, 'session-closed');
    await until(() => upstream.open() === 0, 'the upstream connection to close');
  });

  it('DELETE while the session is reconnecting to a restarted upstream leaves no connection behind', {
    timeout: 5000,
  }, async () => {
    const sessionId = await openSession(g, key);
    const { pending } = await callWhileReconnecting(upstream, g, key, sessionId, 47);
    assert.equal((await deleteSession(g, key, sessionId)).status, 200);
    upstream.releaseStreams();
    const r = await pending;
    assert.equal(r.status, 502);
    assert.match(rpcError(r).message, /session ended/);
    await until(() => upstream.open() === 0, 'the late connection to be closed');
  });

  it('closes a new connection whose replayed initialize fails', { timeout: 5000 }, async () => {
    const sessionId = await openSession(g, key);
    upstream.dropStreams();
    await until(() => upstream.open() === 0, 'the connection to drop');
    upstream.refusePosts = true;
    try {
      const r = await callTool(g, key, sessionId, 'echo', 48);
      assert.equal(r.status, 502);
      assert.match(rpcError(r).message, /could not start: legacy SSE upstream refused a message/);
    } finally {
      upstream.refusePosts = false;
    }
    await until(() => upstream.open() === 0, 'the half-started connection to be closed');
    assert.equal((await deleteSession(g, key, sessionId)).status, 200);
  });

  it('refuses a session beyond stdio.maxChildren connections with 503; a DELETE frees the slot', {
    timeout: 5000,
  }, async () => {
    const a = await openSession(g, key);
    const b = await openSession(g, key);
    const opened = upstream.opened;
    const r = await rawPost(g.url, INIT, { authorization: `Bearer ${key}` });
    assert.equal(r.status, 503);
    assert.match(rpcError(r).message, /capacity reached/);
    assert.equal(g.audit.at(-1)?.reason, 'child-cap');
    assert.equal(upstream.opened, opened, 'no upstream connection was attempted');
    await deleteSession(g, key, a);
    const c = await openSession(g, key);
    await deleteSession(g, key, b);
    await deleteSession(g, key, c);
    await until(() => upstream.open() === 0, 'every upstream connection to close');
  });

  it('gives sessionless requests one guard-initialized connection per principal, replaced after it dies', {
    timeout: 5000,
  }, async () => {
    const sessionless = (k: string): Promise<Reply> =>
      rawPost(
        g.url,
        {
          jsonrpc: '2.0',
          id: 8,
          method: 'tools/call',
          params: { name: 'echo', arguments: { text: 'pooled' } },
        },
        { authorization: `Bearer ${k}`, accept: 'application/json' },
      );
    const opened = upstream.opened;
    for (let i = 0; i < 2; i++) assert.match(JSON.stringify((await sessionless(key)).json), /pooled/);
    assert.match(JSON.stringify((await sessionless(store.keys.other as string)).json), /pooled/);
    assert.equal(upstream.opened, opened + 2, 'one connection per principal, reused');
    upstream.dropStreams();
    await until(() => upstream.open() === 0, 'the connections to drop');
    assert.match(JSON.stringify((await sessionless(key)).json), /pooled/);
    assert.equal(upstream.opened, opened + 3);
  });
});

describe('legacy SSE upstream: guard shutdown', () => {
  const store = makeKeyStore(['user', 'other']);
  let upstream: LegacyUpstream;
  let g: RunningGuard;
  before(async () => {
    upstream = await startLegacyUpstream();
    g = await startGuard({ upstream: { url: upstream.url }, auth: { apiKeys: { file: store.file } } });
  });
  after(async () => {
    await g.close();
    await upstream.stop();
  });

  it('closes every upstream SSE connection when the guard shuts down', { timeout: 5000 }, async () => {
    await openSession(g, store.keys.user as string);
    await openSession(g, store.keys.other as string);
    await until(() => upstream.open() === 2, 'two live connections');
    await g.close();
    await until(() => upstream.open() === 0, 'the guard to close the upstream connections');
  });
});
