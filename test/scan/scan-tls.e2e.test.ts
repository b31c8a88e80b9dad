import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';

/** A throwaway self-signed certificate for 127.0.0.1, made by the system's openssl. */
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mcp-lockdown-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

async function scanOne(target: string, tls: 'auto' | 'on' | 'off'): Promise<Observation> {
  for await (const o of scan([target], { tls, requestTimeoutMs: 2000 })) return o;
  throw new Error('no result');
}

describe('MCP over HTTPS', () => {
  let server: https.Server;
  let port = 0;
  before(async () => {
    server = https.createServer(selfSigned(), async (req, res) => {
      const mcp = new McpServer({ name: 'tls-server', version: '1.0.0' });
      mcp.registerTool('whoami', { description: 'Says who it is' }, async () => ({
        content: [{ type: 'text', text: 'tls' }],
      }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await mcp.connect(transport);
      await transport.handleRequest(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('--tls auto falls back to HTTPS when plain HTTP fails at the transport', async () => {
    const result = await scanOne(`127.0.0.1:${port}`, 'auto');
    assert.equal(result.status, 'mcp-open', result.evidence.join(' | '));
    assert.equal(result.tls, true);
    assert.ok(result.target.startsWith('https://'));
    assert.deepEqual(
      result.tools.map((t) => t.name),
      ['whoami'],
    );
  });

  it('--tls on goes straight to HTTPS', async () => {
    const result = await scanOne(`127.0.0.1:${port}`, 'on');
    assert.equal(result.status, 'mcp-open');
    assert.equal(result.tls, true);
  });

  it('--tls off never tries HTTPS, so a TLS-only server is not found', async () => {
    const result = await scanOne(`127.0.0.1:${port}`, 'off');
    assert.notEqual(result.status, 'mcp-open');
    assert.equal(result.tls, false);
  });

  it('--tls on against a plain HTTP server is a tls-error', async () => {
    const plain = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const result = await scanOne(`127.0.0.1:${(plain.address() as AddressInfo).port}`, 'on');
      assert.equal(result.status, 'tls-error', result.evidence.join(' | '));
    } finally {
      plain.close();
    }
  });
});
