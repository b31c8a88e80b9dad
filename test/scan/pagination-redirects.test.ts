import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';
import { serveDuringSuite } from '../helpers/serve-during-suite.ts';

/**
 * A hand-written stateless 2025 server: /paged lists 7 tools over 3 pages; /looping answers every
 * page with the same cursor forever; /mcp redirects to /mcp/ (as some frameworks do) where it serves.
 */
function pagingServer(): http.Server {
  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/mcp') {
      res.writeHead(307, { location: '/mcp/' }).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    let message: { id?: number; method?: string; params?: { cursor?: string } };
    try {
      message = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      res.writeHead(400).end();
      return;
    }
    const reply = (result: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    };
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    if (message.method === 'initialize') {
      return reply({
        protocolVersion: '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'pager', version: '1' },
      });
    }
    if (message.method === 'tools/list') {
      const tool = (name: string) => ({ name, description: name, inputSchema: { type: 'object' } });
      if (path === '/looping') return reply({ tools: [tool(`t${Math.random()}`)], nextCursor: 'again' });
      const page = Number(message.params?.cursor ?? '0');
      const names = [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']][page] ?? [];
      return reply({ tools: names.map(tool), ...(page < 2 ? { nextCursor: String(page + 1) } : {}) });
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32601, message: 'Method not found' },
      }),
    );
  });
}

describe('listing and redirects', () => {
  const server = pagingServer();
  const baseUrl = serveDuringSuite(server);

  async function one(url: string, options = {}): Promise<Observation> {
    for await (const o of scan([url], options)) return o;
    throw new Error('no result');
  }

  it('follows nextCursor across pages', async () => {
    const result = await one(`${baseUrl()}/paged`);
    assert.equal(result.status, 'mcp-open', result.evidence.join(' | '));
    assert.deepEqual(
      result.tools.map((t) => t.name),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    );
    assert.equal(result.toolsTruncated, false);
  });

  it('stops when a server repeats its cursor instead of looping forever', async () => {
    const result = await one(`${baseUrl()}/looping`);
    assert.equal(result.status, 'mcp-open');
    assert.equal(result.tools.length, 2, 'the first page and the one that repeated the cursor');
  });

  it('caps pages and tools and says the list was truncated', async () => {
    const capped = await one(`${baseUrl()}/paged`, { maxListPages: 2 });
    assert.deepEqual(
      capped.tools.map((t) => t.name),
      ['a', 'b', 'c', 'd', 'e', 'f'],
    );
    assert.equal(capped.toolsTruncated, true);
    const fewer = await one(`${baseUrl()}/paged`, { maxTools: 4 });
    assert.equal(fewer.tools.length, 4);
    assert.equal(fewer.toolsTruncated, true);
  });

  it('follows a redirect within the same origin and reports the endpoint it reached', async () => {
    const result = await one(`${baseUrl()}/mcp`);
    assert.equal(result.status, 'mcp-open', result.evidence.join(' | '));
    assert.equal(new URL(result.target).pathname, '/mcp/');
    assert.ok(result.evidence.some((e) => e.includes('redirected (307)')));
  });
});
