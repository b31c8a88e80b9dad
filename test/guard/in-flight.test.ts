import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createInFlightRequests, type InFlightEntry } from '../../src/guard/in-flight.ts';

/** Only `writableEnded` is read by the tracker. */
const fakeResponse = (name: string, ended = false) =>
  ({ name, writableEnded: ended }) as unknown as ServerResponse & { name: string };

const isPending = async (p: Promise<void>): Promise<boolean> => {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    p.then(() => 'settled'),
    new Promise((r) => setImmediate(() => r(marker))),
  ]);
  return winner === marker;
};

describe('in-flight requests', () => {
  it('settles exchanges while streams stay open, and everything once streams are removed', async () => {
    const tracker = createInFlightRequests();
    const post = tracker.add(fakeResponse('post'), false);
    const stream = tracker.add(fakeResponse('stream'), true);
    const exchanges = tracker.settled('exchanges');
    const all = tracker.settled('all');
    assert.equal(await isPending(exchanges), true);
    tracker.remove(post);
    assert.equal(await isPending(exchanges), false);
    assert.equal(await isPending(all), true, 'the GET stream is still in flight');
    assert.deepEqual(
      tracker.open().map((r) => (r as ServerResponse & { name: string }).name),
      ['stream'],
    );
    tracker.remove(stream);
    assert.equal(await isPending(all), false);
    assert.equal(tracker.size, 0);
  });

  it('resolves at once when nothing is in flight, and ignores a second remove', async () => {
    const tracker = createInFlightRequests();
    assert.equal(await isPending(tracker.settled('all')), false);
    const a = tracker.add(fakeResponse('a'), false);
    const b = tracker.add(fakeResponse('b'), false);
    tracker.remove(a);
    tracker.remove(a);
    assert.equal(tracker.size, 1, 'removing twice must not uncount another request');
    assert.equal(await isPending(tracker.settled('exchanges')), true);
    tracker.remove(b);
    assert.equal(await isPending(tracker.settled('exchanges')), false);
  });

  it('lists only responses still being written', () => {
    const tracker = createInFlightRequests();
    tracker.add(fakeResponse('done', true), false);
    tracker.add(fakeResponse('open'), false);
    assert.deepEqual(
      tracker.open().map((r) => (r as ServerResponse & { name: string }).name),
      ['open'],
    );
  });

  it('matches a model under any order of adds and removes', () => {
    type Op = { add: boolean; stream: boolean; pick: number };
    const op = fc.record({ add: fc.boolean(), stream: fc.boolean(), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops: Op[]) => {
        const tracker = createInFlightRequests();
        const live: { entry: InFlightEntry; name: string; stream: boolean }[] = [];
        let n = 0;
        for (const o of ops) {
          if (o.add || live.length === 0) {
            const name = `r${n++}`;
            live.push({ entry: tracker.add(fakeResponse(name), o.stream), name, stream: o.stream });
          } else {
            const [gone] = live.splice(o.pick % live.length, 1);
            if (gone !== undefined) tracker.remove(gone.entry);
          }
          assert.equal(tracker.size, live.length);
          const names = tracker.open().map((r) => (r as ServerResponse & { name: string }).name);
          assert.deepEqual([...names].sort(), live.map((l) => l.name).sort());
        }
      }),
    );
  });
});
