// startLab options, failure on a busy port, and stop(): idempotent, quick, and really closing the ports.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isLockdownError } from '../../src/errors.ts';
import { LAB_SERVERS, startLab } from '../../src/lab/start-lab.ts';
import { serverById } from './lab-helpers.ts';

function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Finds `count` consecutive free loopback ports (and leaves them free). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const held: Server[] = [];
    for (let i = 0; i < count; i++) {
      const s = await listenOn(base + i);
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map(closeServer));
    if (held.length === count) return base;
  }
  throw new Error('no free port range found');
}

async function refused(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.body?.cancel();
    return false;
  } catch {
    return true;
  }
}

describe('startLab', () => {
  test('stop() closes every port, even with open sessions and SSE streams, and is safe to call twice', async () => {
    const lab = await startLab();
    const session = new Client({ name: 'lab-test', version: '0.0.0' });
    await session.connect(new StreamableHTTPClientTransport(new URL(serverById(lab, 'open-session').url)));
    const sse = new Client({ name: 'lab-test', version: '0.0.0' });
    await sse.connect(new SSEClientTransport(new URL(serverById(lab, 'legacy-sse').url)));
    // Leave an idle keep-alive socket behind, as any HTTP client does.
    await (await fetch(serverById(lab, 'lookalike').url)).text();

    const started = performance.now();
    await lab.stop();
    await lab.stop();
    assert.ok(performance.now() - started < 2000, 'stop() does not wait for idle sockets');
    for (const server of lab.servers)
      assert.ok(await refused(server.url), `${server.id} still answers after stop()`);
    await Promise.allSettled([session.close(), sse.close()]);
  });

  test('with a base port, servers take consecutive ports in the documented order', async () => {
    const base = await freeRange(LAB_SERVERS.length);
    const lab = await startLab({ ports: base });
    try {
      assert.deepEqual(
        lab.servers.map((s) => Number(new URL(s.url).port)),
        LAB_SERVERS.map((_, i) => base + i),
      );
    } finally {
      await lab.stop();
    }
  });

  test('a port in use fails with ERR_LAB_START naming the server and port, and stops what had started', async () => {
    const base = await freeRange(3);
    const blocker = await listenOn(base + 2);
    assert.ok(blocker);
    try {
      await assert.rejects(startLab({ ports: base }), (error) => {
        assert.ok(isLockdownError(error, 'ERR_LAB_START'));
        assert.equal(error.details?.server, 'legacy-sse');
        assert.equal(error.details?.port, base + 2);
        assert.match(error.message, new RegExp(`legacy-sse .*127\\.0\\.0\\.1:${base + 2}.*EADDRINUSE`));
        return true;
      });
      // The two servers started before the failure were closed again.
      for (const port of [base, base + 1]) {
        const probe = await listenOn(port);
        assert.ok(probe, `port ${port} was released`);
        await closeServer(probe);
      }
    } finally {
      await closeServer(blocker);
    }
  });

  test('rejects a base port that leaves no room for every server', async () => {
    for (const ports of [-1, 1.5, 65535, 65536 - LAB_SERVERS.length + 1]) {
      await assert.rejects(startLab({ ports }), (error) => isLockdownError(error, 'ERR_INVALID_OPTION'));
    }
  });

  test('refuses to bind anything but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await assert.rejects(startLab({ host }), (error) => isLockdownError(error, 'ERR_INVALID_OPTION'), host);
    }
  });

  test('on ::1 the URLs carry a bracketed IPv6 host', async (t) => {
    const probe = await new Promise<Server | null>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen({ host: '::1', port: 0 }, () => resolve(s));
    });
    if (!probe) return t.skip('::1 is not bindable here');
    await closeServer(probe);
    const lab = await startLab({ host: '::1' });
    try {
      const info = serverById(lab, 'open-stateless');
      assert.match(info.url, /^http:\/\/\[::1\]:\d+\/mcp$/);
      const client = new Client({ name: 'lab-test', version: '0.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(info.url)));
      assert.deepEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        info.expected.tools,
      );
      await client.close();
    } finally {
      await lab.stop();
    }
  });

  test('binds another 127/8 address when asked, and only that address', async (t) => {
    const probe = await new Promise<Server | null>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen({ host: '127.0.0.2', port: 0 }, () => resolve(s));
    });
    if (!probe) return t.skip('127.0.0.2 is not bindable here');
    await closeServer(probe);
    const lab = await startLab({ host: '127.0.0.2' });
    try {
      const url = new URL(serverById(lab, 'open-stateless').url);
      assert.equal(url.hostname, '127.0.0.2');
      assert.ok(await refused(`http://127.0.0.1:${url.port}/mcp`), 'not listening on 127.0.0.1');
    } finally {
      await lab.stop();
    }
  });
});
