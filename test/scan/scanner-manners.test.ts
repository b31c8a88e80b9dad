import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';
import { serveDuringSuite } from '../helpers/serve-during-suite.ts';

interface Seen {
  method: string;
  path: string;
  userAgent: string | undefined;
  secret: string | undefined;
  rpcMethod: string | null;
}

/** A real SDK server that records every request it gets, plus a metadata route and a slow route. */
function recordingServer(seen: Seen[]): http.Server {
  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    let rpcMethod: string | null = null;
    try {
      rpcMethod = JSON.parse(body).method ?? null;
    } catch {}
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({
      method: req.method ?? '',
      path,
      userAgent: req.headers['user-agent'],
      secret: req.headers['x-secret'] as string | undefined,
      rpcMethod,
    });
    if (path === '/slow') return; // never answers
    if (path.startsWith('/.well-known/')) {
      res.writeHead(404).end();
      return;
    }
    if (path === '/locked') {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="x"', 'content-type': 'application/json' });
      res.end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"unauthorized"}}');
      return;
    }
    const mcp = new McpServer({ name: 'recorder', version: '1.0.0' });
    mcp.registerTool(
      'danger',
      { description: 'Would delete everything', inputSchema: { really: z.boolean() } },
      async () => {
        throw new Error('a scanner must never call a tool');
      },
    );
    mcp.registerResource('secret', 'file:///secret', { description: 'a secret' }, async () => {
      throw new Error('a scanner must never read a resource');
    });
    mcp.registerPrompt('p', { description: 'a prompt' }, async () => {
      throw new Error('a scanner must never get a prompt');
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body ? JSON.parse(body) : undefined);
  });
}

describe('the scanner is read-only, honest and polite', () => {
  const seen: Seen[] = [];
  const server = recordingServer(seen);
  const baseUrl = serveDuringSuite(server);

  it('lists tools, resources and prompts but never calls, reads or gets', async () => {
    const results: Observation[] = [];
    for await (const o of scan([`${baseUrl()}/mcp`])) results.push(o);
    assert.equal(results[0]?.status, 'mcp-open');
    assert.deepEqual(
      results[0]?.tools.map((t) => t.name),
      ['danger'],
    );
    assert.equal(results[0]?.resources.length, 1);
    assert.equal(results[0]?.prompts.length, 1);
    const methods = new Set(seen.map((s) => s.rpcMethod));
    for (const forbidden of ['tools/call', 'resources/read', 'prompts/get'])
      assert.ok(!methods.has(forbidden), forbidden);
  });

  it('names itself in the User-Agent on every request', () => {
    assert.ok(seen.length > 0);
    for (const s of seen) assert.match(s.userAgent ?? '', /^mcp-lockdown\/\d/);
  });

  it('sends --header values to the target, never to metadata URLs', async () => {
    seen.length = 0;
    for await (const o of scan([`${baseUrl()}/locked`], { headers: { 'x-secret': 's3cret' } })) {
      assert.equal(o.auth.mode, 'required');
    }
    const target = seen.filter((s) => s.path === '/locked');
    const metadata = seen.filter((s) => s.path.startsWith('/.well-known/'));
    assert.ok(target.length > 0 && metadata.length > 0, 'both the target and metadata were asked');
    for (const s of target) assert.equal(s.secret, 's3cret');
    for (const s of metadata) assert.equal(s.secret, undefined);
  });

  it('one slow target does not stall the others', async () => {
    const order: string[] = [];
    for await (const o of scan([`${baseUrl()}/slow`, `${baseUrl()}/mcp`], {
      concurrency: 4,
      requestTimeoutMs: 1500,
    })) {
      order.push(new URL(o.target).pathname);
    }
    assert.deepEqual(order, ['/mcp', '/slow']);
  });
});
