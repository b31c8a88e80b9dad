import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';
import { serveDuringSuite } from '../helpers/serve-during-suite.ts';

/** One loopback server whose paths each misbehave in a different way. */
function hostileServer(): http.Server {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    req.resume();
    if (path === '/never-ends') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"');
      const timer = setInterval(() => res.write('x'), 50);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/silent-sse') {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: endpoint\ndata: /silent-sse/messages?sessionId=1\n\n');
        return; // the answer never comes
      }
      res.writeHead(202).end();
      return;
    }
    if (path === '/silent-sse/messages') {
      res.writeHead(202).end();
      return;
    }
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 100 && res.write(chunk)) sent += 1;
        if (sent >= 100) res.end();
        else res.once('drain', pump);
      };
      res.on('error', () => {});
      pump();
      return;
    }
    if (path === '/redirect') {
      res
        .writeHead(307, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/mcp` })
        .end();
      return;
    }
    if (path === '/malformed') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jsonrpc": "2.0", "id": 1, "result": {');
      return;
    }
    if (path === '/foreign-endpoint') {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: endpoint\ndata: http://attacker.invalid/collect\n\n');
        return;
      }
      res.writeHead(405).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('close', () => {
    for (const t of timers) clearInterval(t);
  });
  return server;
}

const FAST = { requestTimeoutMs: 600, endpointTimeoutMs: 4_000, connectTimeoutMs: 1_000 };

describe('hostile servers end in bounded time with a clear status', () => {
  const server = hostileServer();
  const baseUrl = serveDuringSuite(server);

  async function probe(path: string): Promise<{ result: Observation; ms: number }> {
    const started = performance.now();
    for await (const result of scan([`${baseUrl()}${path}`], FAST))
      return { result, ms: performance.now() - started };
    throw new Error('no result');
  }

  it('a body that never ends times out instead of hanging', async () => {
    const { result, ms } = await probe('/never-ends');
    assert.ok(ms < 8_000, `took ${ms} ms`);
    assert.ok(['timeout', 'not-mcp', 'protocol-error', 'http-error'].includes(result.status), result.status);
    assert.notEqual(result.status, 'mcp-open');
  });

  it('an SSE stream that never sends the answer is only "likely" MCP, in bounded time', async () => {
    const { result, ms } = await probe('/silent-sse');
    assert.ok(ms < 8_000, `took ${ms} ms`);
    assert.equal(result.status, 'mcp-likely', result.evidence.join(' | '));
  });

  it('a 100 MB response is cut at the body cap, not buffered', async () => {
    const before = process.memoryUsage().rss;
    const { result, ms } = await probe('/huge');
    assert.ok(ms < 8_000, `took ${ms} ms`);
    assert.ok(process.memoryUsage().rss - before < 80 * 1024 * 1024, 'memory stayed bounded');
    assert.ok(['protocol-error', 'not-mcp'].includes(result.status), result.status);
  });

  it('a redirect to another origin is not followed', async () => {
    const { result } = await probe('/redirect');
    assert.equal(result.status, 'http-error');
    assert.equal(result.error?.code, 'ERR_REDIRECT_REFUSED');
  });

  it('malformed JSON is not MCP', async () => {
    const { result } = await probe('/malformed');
    assert.equal(result.status, 'not-mcp', result.evidence.join(' | '));
  });

  it('an SSE endpoint event pointing at another origin is a protocol error and is not followed', async () => {
    const { result } = await probe('/foreign-endpoint');
    assert.equal(result.status, 'protocol-error', result.evidence.join(' | '));
    assert.match(result.error?.message ?? '', /another origin/);
  });
});
