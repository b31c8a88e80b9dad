import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createLegacySseChannelFactory, endpointUrl } from '../../src/guard/upstream/legacy-sse-channel.ts';

describe('legacy SSE upstream channel', () => {
  it('accepts only endpoint events on the upstream origin', () => {
    assert.equal(
      endpointUrl('/messages?sessionId=1', 'http://127.0.0.1:9/sse'),
      'http://127.0.0.1:9/messages?sessionId=1',
    );
    assert.equal(endpointUrl('http://127.0.0.2:9/collect', 'http://127.0.0.1:9/sse'), null);
    assert.equal(endpointUrl('http://[', 'http://127.0.0.1:9/sse'), null);
  });

  it('closes the channel when an upstream event grows past the cap without ending', {
    timeout: 10_000,
  }, async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: /messages\n\n');
      res.write('data: ');
      const timer = setInterval(() => res.write('x'.repeat(4096)), 5);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sse`;
      const channel = await createLegacySseChannelFactory({
        url,
        headers: {},
        timeoutMs: 5000,
        maxEventBytes: 64 * 1024,
      })();
      const reason = await new Promise<string>((resolve) => {
        channel.onClose = resolve;
      });
      assert.match(reason, /size cap/);
      assert.equal(channel.alive, false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
