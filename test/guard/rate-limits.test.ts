import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createFixedWindowLimiter } from '../../src/guard/fixed-window-limiter.ts';
import { createGuardLimits, type LimitOutcome } from '../../src/guard/rate-limits.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('fixed-window limiter', () => {
  it('allows up to the points in a window, then refuses with the time left', () => {
    const c = clock();
    const limiter = createFixedWindowLimiter({ points: 3, durationMs: 60_000, now: c.now });
    assert.deepEqual(
      [1, 2, 3].map(() => limiter.consume('alice')),
      [0, 0, 0],
    );
    c.advance(20_000);
    assert.equal(limiter.consume('alice'), 40_000);
    assert.equal(limiter.consume('bob'), 0, 'keys are independent');
  });

  it('opens a fresh window once the old one has closed', () => {
    const c = clock();
    const limiter = createFixedWindowLimiter({ points: 1, durationMs: 1_000, now: c.now });
    assert.equal(limiter.consume('k'), 0);
    assert.ok(limiter.consume('k') > 0);
    c.advance(1_000);
    assert.equal(limiter.consume('k'), 0);
  });

  it('counts refused points, so hammering does not help', () => {
    const c = clock();
    const limiter = createFixedWindowLimiter({ points: 2, durationMs: 10_000, now: c.now });
    for (let i = 0; i < 10; i++) limiter.consume('k');
    c.advance(9_999);
    assert.equal(limiter.consume('k'), 1);
  });

  it('consumes several points at once (a batch against the daily quota)', () => {
    const limiter = createFixedWindowLimiter({ points: 5, durationMs: 1_000, now: clock().now });
    assert.equal(limiter.consume('k', 5), 0);
    assert.ok(limiter.consume('k', 1) > 0);
    assert.ok(createFixedWindowLimiter({ points: 5, durationMs: 1_000 }).consume('k', 6) > 0);
  });

  it('sweeps expired windows and never holds more than maxKeys', () => {
    const c = clock();
    const limiter = createFixedWindowLimiter({
      points: 1,
      durationMs: 1_000,
      maxKeys: 100,
      sweepEveryMs: 5_000,
      now: c.now,
    });
    for (let i = 0; i < 500; i++) limiter.consume(`k${i}`);
    assert.equal(limiter.size, 100);
    assert.equal(limiter.consume('k499'), 1_000, 'the newest windows survive the cap');
    c.advance(5_000);
    limiter.consume('fresh');
    assert.equal(limiter.size, 1, 'expired windows are swept');
  });

  it('never allows more than the points per window, whatever the call pattern (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 3 })), {
          maxLength: 200,
        }),
        (points, steps) => {
          const c = clock();
          const limiter = createFixedWindowLimiter({ points, durationMs: 1_000, now: c.now });
          let windowStart = -1;
          let allowed = 0;
          for (const [gap, amount] of steps) {
            c.advance(gap);
            if (windowStart < 0 || c.now() >= windowStart + 1_000) {
              windowStart = c.now();
              allowed = 0;
            }
            const wait = limiter.consume('k', amount);
            if (wait === 0) allowed += amount;
            assert.ok(allowed <= points);
            assert.ok(wait >= 0 && wait <= 1_000);
          }
        },
      ),
    );
  });
});

describe('guard limits (in memory)', () => {
  it('answers synchronously, keyed by principal, per tool and per day', async () => {
    const limits = await createGuardLimits({ requestsPerMinute: 100, toolCallsPerMinute: 2, dailyQuota: 5 });
    const take = (principal: string, requests: number, tools: string[]): LimitOutcome => {
      const outcome = limits.consume(principal, requests, tools);
      assert.ok(!(outcome instanceof Promise), 'memory limits must not go through a promise');
      return outcome;
    };
    assert.deepEqual(take('alice', 1, ['echo']), { ok: true });
    assert.deepEqual(take('alice', 1, ['echo']), { ok: true });
    const tool = take('alice', 1, ['echo']);
    assert.equal(tool.ok, false);
    assert.equal(!tool.ok && tool.reason, 'tool-rate');
    assert.equal(!tool.ok && tool.retryAfterSeconds, 60);
    assert.deepEqual(take('alice', 1, ['add']), { ok: true }, 'another tool has its own count');
    assert.deepEqual(take('bob', 1, ['echo']), { ok: true }, 'another principal has its own count');
    // alice has 3 requests counted today (the refused call stopped at the tool rate); 3 more pass 5.
    const quota = take('alice', 3, []);
    assert.equal(!quota.ok && quota.reason, 'daily-quota');
    assert.ok(!quota.ok && quota.retryAfterSeconds >= 1 && quota.retryAfterSeconds <= 86_400);
    await limits.close();
  });

  it('refuses the request rate before counting tools or quota', async () => {
    const limits = await createGuardLimits({ requestsPerMinute: 1, toolCallsPerMinute: 1 });
    assert.deepEqual(limits.consume('p', 1, ['t']), { ok: true });
    const second = limits.consume('p', 1, ['other']) as LimitOutcome;
    assert.equal(!second.ok && second.reason, 'request-rate');
    await limits.close();
  });

  it('allows everything when no limit is configured', async () => {
    const limits = await createGuardLimits({});
    for (let i = 0; i < 1_000; i++) assert.deepEqual(limits.consume('p', 3, ['a', 'b']), { ok: true });
    await limits.close();
  });

  it('caps concurrent in-flight work per principal and releases once', async () => {
    const limits = await createGuardLimits({ maxConcurrent: 2 });
    const a = limits.acquire('p');
    const b = limits.acquire('p');
    assert.ok(a && b);
    assert.equal(limits.acquire('p'), null);
    assert.ok(limits.acquire('q'), 'another principal is not affected');
    a();
    a();
    const c = limits.acquire('p');
    assert.ok(c);
    assert.equal(limits.acquire('p'), null, 'a double release frees one slot only');
    await limits.close();
  });
});
