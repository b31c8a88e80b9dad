import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createTurnCoalescer } from '../../src/guard/upstream/stream-write.ts';

async function serve(handler: http.RequestListener): Promise<{ url: string; close(): void }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('turn coalescer', () => {
  it('flushes SSE headers within the turn even when no event follows', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      createTurnCoalescer(res).touch();
      await held;
      res.end('data: late\n\n');
    });
    try {
      const response = await fetch(server.url);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      release();
      assert.equal(await response.text(), 'data: late\n\n');
    } finally {
      server.close();
    }
  });

  it('sends chunks written across turns as they come, and a short answer whole', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const turn = createTurnCoalescer(res);
      for (const n of [1, 2, 3]) {
        turn.touch();
        res.write(`data: ${n}\n\n`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      turn.close();
      res.end();
    });
    try {
      const response = await fetch(server.url);
      const reader = response.body!.getReader();
      const first = await reader.read();
      assert.equal(
        new TextDecoder().decode(first.value),
        'data: 1\n\n',
        'the first event arrives before the rest',
      );
      let rest = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        rest += new TextDecoder().decode(value);
      }
      assert.equal(rest, 'data: 2\n\ndata: 3\n\n');
    } finally {
      server.close();
    }
  });
});
