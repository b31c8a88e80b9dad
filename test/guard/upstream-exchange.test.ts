import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { startExchange } from '../../src/guard/upstream/upstream-exchange.ts';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

describe('upstream exchange (undici dispatch)', () => {
  const routes = new Map<string, Route>();
  let server: Server;
  let pool: Pool;
  const closedRequests: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      req.on('close', () => {
        if (!res.writableFinished) closedRequests.push(req.url ?? '');
      });
      const route = routes.get(req.url ?? '');
      if (route === undefined) {
        res.writeHead(404).end();
        return;
      }
      route(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
  });

  after(async () => {
    await pool.destroy();
    server.closeAllConnections();
    server.close();
  });

  const get = (path: string, body?: Buffer) =>
    startExchange(pool, { path, method: body ? 'POST' : 'GET', body: body ?? null, headers: {} });

  it('delivers status, headers and the whole body; a small body is complete with its head', async () => {
    routes.set('/json', (req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-got': String(n) });
        res.end('{"ok":true}');
      });
    });
    const exchange = get('/json', Buffer.from('hello'));
    const head = await exchange.head;
    assert.equal(head.status, 201);
    assert.equal(head.headers['content-type'], 'application/json');
    assert.equal(head.headers['x-got'], '5');
    const body = exchange.bodyIfComplete(1024) ?? (await exchange.readAll(1024));
    assert.equal(body?.toString(), '{"ok":true}');
  });

  it('bodyIfComplete answers undefined while the body is still arriving', async () => {
    routes.set('/slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part one, ');
      setTimeout(() => res.end('part two'), 50);
    });
    const exchange = get('/slow');
    await exchange.head;
    assert.equal(exchange.bodyIfComplete(1024), undefined);
    assert.equal((await exchange.readAll(1024))?.toString(), 'part one, part two');
  });

  it('readAll refuses a body over its limit and aborts the exchange', async () => {
    routes.set('/big', (_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(200_000, 97));
    });
    const exchange = get('/big');
    await exchange.head;
    assert.equal(await exchange.readAll(10_000), null);
  });

  it('streams chunks in order and pauses the upstream while the consumer lags', async () => {
    // Far more than loopback socket buffers hold, so only a paused reader keeps the server from finishing.
    const total = 16_384 * 4_096;
    let written = 0;
    let sawBackpressure = false;
    routes.set('/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pump = (): void => {
        while (written < total) {
          const chunk = Buffer.alloc(16_384, written % 251);
          written += chunk.length;
          if (!res.write(chunk)) {
            sawBackpressure = true;
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const exchange = get('/stream');
    await exchange.head;
    let received = 0;
    let maxAhead = 0;
    for await (const chunk of exchange.chunks()) {
      received += chunk.length;
      maxAhead = Math.max(maxAhead, written - received);
      if (received < 3_200_000) await sleep(1); // a slow client at first
    }
    assert.equal(received, total);
    assert.ok(sawBackpressure, 'the upstream server saw backpressure');
    assert.ok(maxAhead < total / 2, `the upstream ran ${maxAhead} bytes ahead of the reader`);
  });

  it('abort before the head rejects it and closes the upstream request', async () => {
    routes.set('/hang', () => undefined);
    const exchange = get('/hang');
    await sleep(30);
    exchange.abort(new Error('client closed'));
    await assert.rejects(exchange.head, /client closed/);
    await sleep(30);
    assert.ok(closedRequests.includes('/hang'), 'the upstream saw the request go away');
  });

  it('abort mid-stream makes the reader throw the reason', async () => {
    routes.set('/endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => res.write('data: tick\n\n'), 5);
      res.on('close', () => clearInterval(timer));
    });
    const exchange = get('/endless');
    await exchange.head;
    const reader = (async () => {
      for await (const _chunk of exchange.chunks()) {
        // keep reading until aborted
      }
    })();
    await sleep(30);
    exchange.abort(new Error('upstream timeout'));
    await assert.rejects(reader, /upstream timeout/);
  });

  it('a connection error rejects the head', async () => {
    const dead = new Pool('http://127.0.0.1:1');
    const exchange = startExchange(dead, { path: '/', method: 'GET', headers: {} });
    await assert.rejects(exchange.head);
    await dead.destroy();
  });

  it('discard keeps a small body from being read and lets the pool reuse the connection', async () => {
    routes.set('/denied', (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"nope"}');
    });
    for (let i = 0; i < 20; i++) {
      const exchange = get('/denied');
      assert.equal((await exchange.head).status, 401);
      exchange.discard();
    }
    const after = get('/json', Buffer.from('x'));
    assert.equal((await after.head).status, 201);
    assert.equal((await after.readAll(100))?.toString(), '{"ok":true}');
  });
});
