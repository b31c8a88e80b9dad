import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type BodyRead, readBody } from '../../src/guard/http-reply.ts';

const MAX = 64;

/** A server that answers every request with what readBody made of it. */
let server: Server;
let port = 0;
const results: BodyRead[] = [];

before(async () => {
  server = createServer(async (req, res) => {
    const read = await readBody(req, MAX);
    results.push(read);
    const summary = read.ok ? { ok: true, body: read.body.toString('latin1') } : read;
    res.end(JSON.stringify(summary));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw request bytes in the given pieces (a pause between them), returns the JSON answer. */
function exchange(pieces: string[], pauseMs = 15): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      answer += d;
      const split = answer.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(answer)?.[1];
      if (split >= 0 && length !== undefined && answer.length >= split + 4 + Number(length)) {
        socket.destroy();
        resolve(JSON.parse(answer.slice(split + 4)));
      }
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
        socket.write(piece, 'latin1');
      }
    });
  });
}

const head = (headers: string) => `POST /mcp HTTP/1.1\r\nhost: x\r\n${headers}\r\n`;

describe('readBody', () => {
  it('takes a body that arrived with its headers', async () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    assert.deepEqual(await exchange([`${head(`content-length: ${body.length}\r\n`)}${body}`]), {
      ok: true,
      body,
    });
  });

  it('waits for a body that arrives after its headers, in pieces', async () => {
    assert.deepEqual(await exchange([head('content-length: 10\r\n'), '01234', '56789']), {
      ok: true,
      body: '0123456789',
    });
  });

  it('reads a chunked body', async () => {
    const chunked = head('transfer-encoding: chunked\r\n');
    assert.deepEqual(await exchange([chunked, '3\r\nabc\r\n', '2\r\nde\r\n0\r\n\r\n']), {
      ok: true,
      body: 'abcde',
    });
  });

  it('answers an empty body', async () => {
    assert.deepEqual(await exchange([head('content-length: 0\r\n')]), { ok: true, body: '' });
  });

  it('refuses a declared length over the cap without reading it', async () => {
    assert.deepEqual(await exchange([head(`content-length: ${MAX + 1}\r\n`)]), {
      ok: false,
      reason: 'too-large',
    });
  });

  it('stops a chunked body the moment it passes the cap', async () => {
    const big = 'x'.repeat(40);
    const chunk = `${big.length.toString(16)}\r\n${big}\r\n`;
    assert.deepEqual(await exchange([head('transfer-encoding: chunked\r\n'), chunk, chunk]), {
      ok: false,
      reason: 'too-large',
    });
  });

  it('says aborted when the client goes away mid-body', async () => {
    const before = results.length;
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(`${head('content-length: 20\r\n')}0123456789`);
    await new Promise((r) => setTimeout(r, 30));
    socket.destroy();
    for (let i = 0; i < 50 && results.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(results.at(-1), { ok: false, reason: 'aborted' });
  });

  it('returns exactly the bytes sent, however they are split (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary-ascii', maxLength: MAX }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        async (body, cuts, chunked) => {
          const bytes = Buffer.from(body, 'latin1').toString('latin1');
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let last = 0;
          for (const p of [...points, bytes.length]) {
            pieces.push(bytes.slice(last, p));
            last = p;
          }
          const wire = chunked
            ? [
                head('transfer-encoding: chunked\r\n'),
                ...pieces.filter((p) => p.length > 0).map((p) => `${p.length.toString(16)}\r\n${p}\r\n`),
                '0\r\n\r\n',
              ]
            : [head(`content-length: ${bytes.length}\r\n`), ...pieces];
          // Sometimes all in one write, as a small request usually travels.
          const sent = pieces.length === 1 && !chunked ? [wire.join('')] : wire;
          assert.deepEqual(await exchange(sent, 2), { ok: true, body: bytes });
        },
      ),
      { numRuns: 60 },
    );
  });
});
