import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKeyedSemaphore } from '../../src/net/keyed-semaphore.ts';
import { classifyNetError } from '../../src/net/net-failure.ts';
import { createRateGate } from '../../src/net/rate-gate.ts';
import { tcpConnect } from '../../src/net/tcp-connect.ts';

describe('rate gate', () => {
  it('is free when the rate is 0', async () => {
    const acquire = createRateGate(0);
    for (let i = 0; i < 1000; i += 1) await acquire();
  });

  it('spaces requests beyond the one-second burst', async () => {
    const acquire = createRateGate(20);
    const started = performance.now();
    for (let i = 0; i < 25; i += 1) await acquire();
    // 20 tokens in the bucket, the next 5 need a quarter of a second at 20/s.
    assert.ok(performance.now() - started >= 200, 'waited for tokens');
  });
});

describe('keyed semaphore (per-host cap)', () => {
  it('holds at most `limit` per key and serves waiters in order', async () => {
    const sem = createKeyedSemaphore(2);
    const a = await sem.acquire('h');
    const b = await sem.acquire('h');
    const other = await sem.acquire('other');
    const order: number[] = [];
    const c = sem.acquire('h').then((r) => {
      order.push(3);
      return r;
    });
    const d = sem.acquire('h').then((r) => {
      order.push(4);
      return r;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, []);
    a();
    a(); // releasing twice must not free two slots
    await c;
    assert.deepEqual(order, [3]);
    b();
    await d;
    assert.deepEqual(order, [3, 4]);
    other();
  });
});

describe('network failure classification', () => {
  it('maps errno and undici codes to kinds', () => {
    assert.equal(classifyNetError({ code: 'ECONNREFUSED', message: 'x' }).kind, 'refused');
    assert.equal(classifyNetError({ code: 'UND_ERR_HEADERS_TIMEOUT', message: 'x' }).kind, 'timeout');
    assert.equal(classifyNetError({ name: 'TimeoutError', message: 'x' }).kind, 'timeout');
    assert.equal(classifyNetError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'x' }).kind, 'tls');
    assert.equal(classifyNetError({ code: 'HPE_INVALID_CONSTANT', message: 'x' }).kind, 'http-parse');
    assert.equal(
      classifyNetError({ code: 'UND_ERR_SOCKET', message: 'x', cause: { code: 'ECONNRESET' } }).kind,
      'reset',
    );
    assert.equal(classifyNetError('weird').kind, 'other');
  });
});

describe('tcp connect', () => {
  it('reports a closed port as refused', async () => {
    const outcome = await tcpConnect('127.0.0.1', 1, 1000);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.failure.kind, 'refused');
  });
});
