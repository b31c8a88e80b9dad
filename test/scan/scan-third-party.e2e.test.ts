import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.ts';

const everything = createRequire(import.meta.url).resolve(
  '@modelcontextprotocol/server-everything/dist/index.js',
);

async function scanOne(target: string): Promise<Observation> {
  for await (const o of scan([target])) return o;
  throw new Error('no result');
}

/** The oracle: the official SDK client's own connect + listTools against the same server. */
async function sdkToolNames(url: string, transport: 'streamable-http' | 'sse'): Promise<string[]> {
  const client = new Client({ name: 'oracle', version: '1.0.0' });
  await client.connect(
    transport === 'sse'
      ? new SSEClientTransport(new URL(url))
      : new StreamableHTTPClientTransport(new URL(url)),
  );
  try {
    return (await client.listTools()).tools.map((t) => t.name).sort();
  } finally {
    await client.close();
  }
}

describe('third-party servers from npm: @modelcontextprotocol/server-everything', () => {
  let http: SpawnedServer;
  let sse: SpawnedServer;
  before(async () => {
    [http, sse] = await Promise.all([
      spawnServer(process.execPath, [everything, 'streamableHttp']),
      spawnServer(process.execPath, [everything, 'sse']),
    ]);
  });
  after(async () => {
    await Promise.all([http?.stop(), sse?.stop()]);
  });

  it('streamableHttp mode: open, 2025 era, session id, exact tools', async () => {
    const result = await scanOne(`127.0.0.1:${http.port}`);
    assert.equal(result.status, 'mcp-open', result.evidence.join(' | '));
    assert.equal(result.transport, 'streamable-http');
    assert.equal(result.era, '2025');
    assert.equal(result.auth.mode, 'none');
    assert.equal(result.session?.issued, true);
    assert.equal(new URL(result.target).pathname, '/mcp');
    const expected = await sdkToolNames(result.target, 'streamable-http');
    assert.ok(expected.includes('echo') && expected.length >= 10, 'oracle listed the reference tools');
    assert.deepEqual(result.tools.map((t) => t.name).sort(), expected);
    assert.ok(result.resources.length > 0, 'resources listed');
    assert.ok(result.prompts.length > 0, 'prompts listed');
  });

  it('sse mode: open, legacy HTTP+SSE, exact tools', async () => {
    const result = await scanOne(`127.0.0.1:${sse.port}`);
    assert.equal(result.status, 'mcp-open', result.evidence.join(' | '));
    assert.equal(result.transport, 'sse');
    assert.equal(result.era, '2024-11-05');
    assert.equal(result.auth.mode, 'none');
    const expected = await sdkToolNames(result.target, 'sse');
    assert.ok(expected.includes('echo') && expected.length >= 10, 'oracle listed the reference tools');
    assert.deepEqual(result.tools.map((t) => t.name).sort(), expected);
  });
});
