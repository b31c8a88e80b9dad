// Verifies every lab server against its own `expected` block using the official SDK clients, not our scanner.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client as Client2, StreamableHTTPClientTransport as Transport2 } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Lab } from '../../src/lab/lab-types.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { INITIALIZE_BODY, postDiscover, postJsonRpc, serverById } from './lab-helpers.ts';

let lab: Lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab.stop();
});

function newClient(): Client {
  return new Client({ name: 'lab-test', version: '0.0.0' });
}

async function toolNamesVia(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name);
}

function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}

describe('lab', () => {
  test('has the nine servers, each on loopback with a distinct port', () => {
    assert.deepEqual(
      lab.servers.map((s) => s.id),
      [
        'open-session',
        'open-stateless',
        'legacy-sse',
        'modern-2026',
        'oauth-protected',
        'partial',
        'poisoned',
        'lookalike',
        'guarded',
      ],
    );
    const ports = new Set(lab.servers.map((s) => new URL(s.url).port));
    assert.equal(ports.size, lab.servers.length);
    for (const s of lab.servers) assert.equal(new URL(s.url).hostname, '127.0.0.1');
  });
});

describe('open-session', () => {
  test('SDK 1.x Streamable HTTP client gets a session id and exactly the expected tools; tools only simulate', async () => {
    const info = serverById(lab, 'open-session');
    assert.equal(info.expected.status, 'mcp-open');
    const client = newClient();
    const transport = new StreamableHTTPClientTransport(new URL(info.url));
    await client.connect(transport);
    try {
      assert.match(transport.sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(await toolNamesVia(client), info.expected.tools);
      assert.deepEqual(info.expected.tools, ['run_command', 'read_file', 'query_database']);
      assert.equal((await client.listResources()).resources.length, 1);
      assert.equal((await client.listPrompts()).prompts.length, 1);
      const result = await client.callTool({
        name: 'run_command',
        arguments: { command: 'rm -rf /tmp/never' },
      });
      assert.match(textOf(result), /simulated, nothing was executed/);
      await transport.terminateSession();
    } finally {
      await client.close();
    }
  });

  test('a request without a session id is refused (400), a foreign Origin is not checked', async () => {
    const info = serverById(lab, 'open-session');
    const res = await postJsonRpc(info.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.equal(res.status, 400);
    await res.body?.cancel();
    const foreign = await postJsonRpc(info.url, INITIALIZE_BODY, { origin: 'http://evil.example' });
    assert.equal(foreign.status, 200);
    await foreign.body?.cancel();
  });

  test('keeps at most 1000 sessions: the oldest is dropped when clients never DELETE theirs', async () => {
    const info = serverById(lab, 'open-session');
    const open = async (): Promise<string> => {
      const res = await postJsonRpc(info.url, INITIALIZE_BODY);
      await res.body?.cancel();
      return res.headers.get('mcp-session-id') ?? '';
    };
    const first = await open();
    for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 100 }, open));
    const list = (id: string) =>
      postJsonRpc(
        info.url,
        { jsonrpc: '2.0', id: 9, method: 'tools/list' },
        { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
      );
    const stale = await list(first);
    assert.equal(stale.status, 400, 'the oldest session is gone');
    await stale.body?.cancel();
    const fresh = await list(await open());
    assert.equal(fresh.status, 200);
    await fresh.body?.cancel();
  });
});

describe('open-stateless', () => {
  test('SDK 1.x client works with no session id; answers are plain JSON', async () => {
    const info = serverById(lab, 'open-stateless');
    const client = newClient();
    const transport = new StreamableHTTPClientTransport(new URL(info.url));
    await client.connect(transport);
    try {
      assert.equal(transport.sessionId, undefined);
      assert.deepEqual(await toolNamesVia(client), info.expected.tools);
      assert.equal(info.expected.era, '2025');
    } finally {
      await client.close();
    }
    const res = await postJsonRpc(info.url, INITIALIZE_BODY);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('mcp-session-id'), null);
    const body = (await res.json()) as { result: { serverInfo: { name: string } } };
    assert.equal(body.result.serverInfo.name, 'lab-open-stateless');
  });
});

describe('legacy-sse', () => {
  test('SDK 1.x SSE client connects over GET /sse + POST /messages and lists the expected tools', async () => {
    const info = serverById(lab, 'legacy-sse');
    assert.equal(new URL(info.url).pathname, '/sse');
    assert.deepEqual([info.expected.transport, info.expected.era], ['sse', '2024-11-05']);
    const client = newClient();
    await client.connect(new SSEClientTransport(new URL(info.url)));
    try {
      assert.deepEqual(await toolNamesVia(client), info.expected.tools);
      assert.deepEqual(info.expected.tools, ['list_directory', 'fetch_url']);
      const result = await client.callTool({
        name: 'fetch_url',
        arguments: { url: 'http://169.254.169.254/' },
      });
      assert.match(textOf(result), /simulated, nothing was fetched/);
    } finally {
      await client.close();
    }
  });

  test('the first SSE event is the endpoint event naming /messages?sessionId=', async () => {
    const info = serverById(lab, 'legacy-sse');
    const controller = new AbortController();
    const res = await fetch(info.url, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const reader = res.body?.getReader();
    assert.ok(reader);
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    assert.match(text, /^event: endpoint\ndata: \/messages\?sessionId=[0-9a-f-]+/);
  });
});

describe('modern-2026', () => {
  test('SDK 2.x client pinned to 2026-07-28 negotiates the modern era and lists the expected tools', async () => {
    const info = serverById(lab, 'modern-2026');
    const client = new Client2(
      { name: 'lab-test', version: '0.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new Transport2(new URL(info.url)));
    try {
      assert.equal(client.getProtocolEra(), 'modern');
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      const tools = (await client.listTools()).tools.map((t) => t.name);
      assert.deepEqual(tools, info.expected.tools);
      assert.deepEqual(tools, ['send_email', 'create_payment']);
    } finally {
      await client.close();
    }
  });

  test('raw server/discover succeeds; a 2025 initialize is rejected with the supported versions', async () => {
    const info = serverById(lab, 'modern-2026');
    const discover = await postDiscover(info.url);
    assert.equal(discover.status, 200);
    const body = (await discover.json()) as { result: { supportedVersions: string[] } };
    assert.ok(body.result.supportedVersions.includes('2026-07-28'));
    const init = await postJsonRpc(info.url, INITIALIZE_BODY);
    assert.equal(init.status, 400);
    const error = (await init.json()) as { error: { code: number; data: { supported: string[] } } };
    assert.deepEqual(error.error.data.supported, ['2026-07-28']);
  });
});
