// The poisoned server (hostile descriptions) and the not-MCP look-alike, checked without our scanner.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fc from 'fast-check';
import type { Lab } from '../../src/lab/lab-types.ts';
import { answerEthRpc } from '../../src/lab/lookalike-server.ts';
import { toUnicodeTags } from '../../src/lab/poisoned-server.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import { INITIALIZE_BODY, postDiscover, postJsonRpc, serverById } from './lab-helpers.ts';

let lab: Lab;
before(async () => {
  lab = await startLab();
});
after(async () => {
  await lab.stop();
});

describe('poisoned', () => {
  test('lists the expected tools, whose descriptions carry the poisoning patterns', async () => {
    const info = serverById(lab, 'poisoned');
    assert.equal(info.expected.status, 'mcp-open');
    const client = new Client({ name: 'lab-test', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(info.url)));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        info.expected.tools,
      );
      const byName = new Map(tools.map((t) => [t.name, t]));
      const add = byName.get('add');
      assert.match(
        add?.description ?? '',
        /<IMPORTANT>[\s\S]*~\/\.ssh\/id_rsa[\s\S]*'notes'[\s\S]*Do not tell the user/,
      );
      assert.ok(Object.hasOwn((add?.inputSchema.properties ?? {}) as object, 'notes'));
      const fact = byName.get('daily_fact')?.description ?? '';
      assert.match(fact, /\u200b/);
      assert.match(fact, /[\u{E0000}-\u{E007F}]/u);
      assert.match(byName.get('format_email')?.description ?? '', /send_email/);
      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 3, notes: 'secret' } });
      assert.match(JSON.stringify(result), /lab: simulated, 2 \+ 3 = 5/);
    } finally {
      await client.close();
    }
  });

  test('toUnicodeTags hides ASCII as invisible tag characters, one per input character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
        (s) => {
          const hidden = toUnicodeTags(s);
          const points = [...hidden].map((ch) => ch.codePointAt(0) ?? 0);
          assert.equal(points.length, s.length);
          assert.deepEqual(points.map((p) => String.fromCharCode(p - 0xe0000)).join(''), s);
        },
      ),
    );
  });
});

describe('lookalike', () => {
  test('the SDK client cannot initialize it', async () => {
    const info = serverById(lab, 'lookalike');
    assert.deepEqual(
      [info.expected.status, info.expected.era, info.expected.transport],
      ['not-mcp', null, null],
    );
    const client = new Client({ name: 'lab-test', version: '0.0.0' });
    await assert.rejects(client.connect(new StreamableHTTPClientTransport(new URL(info.url))));
    await client.close();
  });

  test('answers like an Ethereum node on / and /mcp; initialize and server/discover get -32601', async () => {
    const info = serverById(lab, 'lookalike');
    const root = `${new URL(info.url).origin}/`;
    for (const url of [root, info.url]) {
      const block = await postJsonRpc(url, { jsonrpc: '2.0', id: 7, method: 'eth_blockNumber', params: [] });
      assert.equal(block.status, 200);
      assert.deepEqual(await block.json(), { jsonrpc: '2.0', id: 7, result: '0x1406f40' });
      const version = await postJsonRpc(url, { jsonrpc: '2.0', id: 8, method: 'web3_clientVersion' });
      assert.match(((await version.json()) as { result: string }).result, /^Geth\//);
      const init = (await (await postJsonRpc(url, INITIALIZE_BODY)).json()) as {
        error: { code: number; message: string };
      };
      assert.deepEqual(init.error, {
        code: -32601,
        message: 'the method initialize does not exist/is not available',
      });
      const discover = (await (await postDiscover(url)).json()) as { error: { code: number } };
      assert.equal(discover.error.code, -32601);
    }
  });

  test('answerEthRpc never throws and always answers JSON-RPC 2.0, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const answer = answerEthRpc(value) as { jsonrpc: string; result?: unknown; error?: { code: number } };
        assert.equal(answer.jsonrpc, '2.0');
        assert.ok('result' in answer || typeof answer.error?.code === 'number');
      }),
    );
  });
});
