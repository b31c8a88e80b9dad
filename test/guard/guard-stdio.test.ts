import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client as Client2, StreamableHTTPClientTransport as Transport2 } from '@modelcontextprotocol/client';
import {
  connectClient,
  endSession,
  INIT,
  makeKeyStore,
  type RunningGuard,
  rawPost,
  startGuard,
} from './guard-harness.ts';

const FILESYSTEM = resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** PIDs of this process's children whose command line mentions `needle` (processes the guard spawned here). */
function childPids(needle: string): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(process.pid), '-f', needle], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('stdio upstream: @modelcontextprotocol/server-filesystem from npm', () => {
  const store = makeKeyStore(['reader', 'other']);
  const dir = mkdtempSync(join(tmpdir(), 'guard-fs-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello through the guard\n');
  let g: RunningGuard;
  before(async () => {
    g = await startGuard({
      upstream: { command: process.execPath, args: [FILESYSTEM, dir] },
      auth: { apiKeys: { file: store.file } },
      stdio: { maxChildren: 3, idleTimeoutMs: 60_000 },
      policy: [
        {
          principals: { keys: ['reader'] },
          allow: { tools: ['read_text_file', 'list_directory', 'list_allowed_directories'] },
        },
        { principals: { keys: ['other'] }, allow: { tools: ['*'] } },
      ],
    });
  });
  after(() => g.close());

  it('spawns one child per session, lists filtered tools and reads a file', async () => {
    const before = childPids('server-filesystem').length;
    const client = await connectClient(g.url, store.keys.reader as string);
    assert.equal(childPids('server-filesystem').length, before + 1);
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(tools, ['list_allowed_directories', 'list_directory', 'read_text_file']);
    const read = await client.callTool({
      name: 'read_text_file',
      arguments: { path: join(dir, 'hello.txt') },
    });
    assert.match(JSON.stringify(read.content), /hello through the guard/);
    await assert.rejects(
      client.callTool({ name: 'write_file', arguments: { path: join(dir, 'x'), content: 'x' } }),
      /Forbidden/,
    );
    assert.ok(
      g.audit.some((l) => l.method === 'tools/call' && l.client === 'guard-test-client'),
      'client name kept with the session',
    );
    await endSession(client);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(childPids('server-filesystem').length, before, 'DELETE ends the child');
  });

  it('binds the minted session to its principal', async () => {
    const client = await connectClient(g.url, store.keys.reader as string);
    const sessionId = (client.transport as { sessionId?: string }).sessionId as string;
    assert.ok(sessionId.length >= 32);
    const r = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 9, method: 'tools/list' },
      {
        authorization: `Bearer ${store.keys.other}`,
        'mcp-session-id': sessionId,
      },
    );
    assert.equal(r.status, 403);
    await endSession(client);
  });

  it('refuses sessions beyond the child cap with 503', async () => {
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await connectClient(g.url, store.keys.other as string));
    const r = await rawPost(g.url, INIT, { authorization: `Bearer ${store.keys.other}` });
    assert.equal(r.status, 503);
    await Promise.all(clients.map((c) => endSession(c)));
  });
});

describe('stdio upstream: crash and replacement (server-everything over stdio)', () => {
  const store = makeKeyStore(['user']);
  let g: RunningGuard;
  before(async () => {
    g = await startGuard({
      upstream: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
      auth: { apiKeys: { file: store.file } },
    });
  });
  after(() => g.close());

  it('streams progress, then gives a clean JSON-RPC error when the child dies, and restarts it', async () => {
    const client = await connectClient(g.url, store.keys.user as string);
    const progress: number[] = [];
    const started = Date.now();
    const done = await client.callTool(
      { name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
      undefined,
      { onprogress: () => progress.push(Date.now() - started) },
    );
    const total = Date.now() - started;
    assert.equal(progress.length, 4);
    assert.ok(
      (progress[0] as number) < total - 400,
      `first progress at ${progress[0]} ms, result at ${total} ms`,
    );
    assert.match(JSON.stringify(done.content), /completed/i);

    const pids = childPids('server-everything');
    assert.equal(pids.length, 1);
    const pending = client.callTool({
      name: 'trigger-long-running-operation',
      arguments: { duration: 5, steps: 5 },
    });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pids[0] as number, 'SIGKILL');
    await assert.rejects(pending, /ended .*new one starts on the next request/);

    const echo = await client.callTool({ name: 'echo', arguments: { message: 'back again' } });
    assert.match(JSON.stringify(echo.content), /back again/);
    const replaced = childPids('server-everything');
    assert.equal(replaced.length, 1);
    assert.notEqual(replaced[0], pids[0]);
    await client.close();
  });
});

describe('stdio upstream and the 2026-07-28 era', () => {
  const store = makeKeyStore(['user']);
  let g: RunningGuard;
  before(async () => {
    g = await startGuard({
      upstream: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
      auth: { apiKeys: { file: store.file } },
    });
  });
  after(() => g.close());

  it('answers a 2026-07-28 request with 400 -32022 listing the 2025 versions; negotiating clients fall back', async () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' };
    const r = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } },
      {
        authorization: `Bearer ${store.keys.user}`,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'server/discover',
      },
    );
    assert.equal(r.status, 400);
    const error = r.json as { id: number; error: { code: number; data: { supported: string[] } } };
    assert.equal(error.id, 1);
    assert.equal(error.error.code, -32022);
    assert.ok(error.error.data.supported.includes('2025-11-25'));
    const client = new Client2({ name: 'negotiating', version: '1' });
    await client.connect(
      new Transport2(new URL(g.url), {
        requestInit: { headers: { authorization: `Bearer ${store.keys.user}` } },
      }),
    );
    assert.ok((await client.listTools()).tools.length > 5);
    await client.close();
  });
});

describe('stdio upstream: idle timeout', () => {
  const store = makeKeyStore(['user']);
  const dir = mkdtempSync(join(tmpdir(), 'guard-fs-idle-'));
  let g: RunningGuard;
  before(async () => {
    g = await startGuard({
      upstream: { command: process.execPath, args: [FILESYSTEM, dir] },
      auth: { apiKeys: { file: store.file } },
      stdio: { idleTimeoutMs: 300 },
    });
  });
  after(() => g.close());

  it('ends an idle session child; the session id then answers 404', async () => {
    const before = childPids('server-filesystem').length;
    const client = await connectClient(g.url, store.keys.user as string);
    const sessionId = (client.transport as { sessionId?: string }).sessionId as string;
    assert.equal(childPids('server-filesystem').length, before + 1);
    await client.close();
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(childPids('server-filesystem').length, before);
    const r = await rawPost(
      g.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      {
        authorization: `Bearer ${store.keys.user}`,
        'mcp-session-id': sessionId,
      },
    );
    assert.equal(r.status, 404);
  });
});
