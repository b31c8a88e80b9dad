import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createSseEventReader } from '../../src/mcp/sse-event-reader.ts';

describe('bounded SSE event reader', () => {
  it('yields events across chunks, then end', async () => {
    const body = new PassThrough();
    const reader = createSseEventReader(body, 1024);
    body.write('event: endpoint\ndata: /mess');
    body.end('ages?x=1\n\ndata: {"a":1}\n\n');
    const first = await reader.next(1000);
    assert.equal(first.kind, 'event');
    assert.equal(first.kind === 'event' && first.event.data, '/messages?x=1');
    const second = await reader.next(1000);
    assert.equal(second.kind === 'event' && second.event.event, 'message');
    assert.equal((await reader.next(1000)).kind, 'end');
  });

  it('times out on a stream that never answers, and can be read again later', async () => {
    const body = new PassThrough();
    const reader = createSseEventReader(body, 1024);
    assert.equal((await reader.next(50)).kind, 'timeout');
    body.write('data: late\n\n');
    const late = await reader.next(1000);
    assert.equal(late.kind === 'event' && late.event.data, 'late');
    reader.close();
  });

  it('stops at the byte cap and destroys the stream', async () => {
    const body = new PassThrough();
    const reader = createSseEventReader(body, 100);
    body.write(`data: ${'x'.repeat(500)}`);
    assert.equal((await reader.next(1000)).kind, 'too-large');
    assert.ok(body.destroyed);
  });

  it('delivers exactly the events of any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z0-9 {}":,]{1,30}$/), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 17 }),
        async (datas, size) => {
          const text = datas.map((d) => `data: ${d}\n\n`).join('');
          const body = new PassThrough();
          const reader = createSseEventReader(body, 1 << 20);
          for (let i = 0; i < text.length; i += size) body.write(text.slice(i, i + size));
          body.end();
          const got: string[] = [];
          for (;;) {
            const read = await reader.next(1000);
            if (read.kind !== 'event') break;
            got.push(read.event.data);
          }
          assert.deepEqual(got, datas);
        },
      ),
      { numRuns: 100 },
    );
  });
});
