import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/scan/scan.ts';
import { freePort } from '../helpers/spawn-server.ts';

describe('scan pipeline', () => {
  it('finishes when a slow consumer lets every in-flight endpoint complete between reads', async () => {
    // Ports just released by the OS: nothing listens there, so every probe ends at once as closed.
    const ports = new Set<number>();
    while (ports.size < 60) ports.add(await freePort());
    const targets = [...ports].map((p) => `127.0.0.1:${p}`);
    let count = 0;
    for await (const result of scan(targets, { concurrency: 4 })) {
      assert.equal(result.status, 'closed');
      count += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(count, targets.length);
  });

  it('keeps at most `concurrency` endpoints in flight and loses none', async () => {
    const targets = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `bad target ${i}` : `127.0.0.1:${(i % 50) + 1}`,
    );
    const statuses = new Map<string, number>();
    for await (const result of scan(targets, { concurrency: 16, connectTimeoutMs: 1000 })) {
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    }
    assert.equal(
      [...statuses.values()].reduce((a, b) => a + b, 0),
      300,
    );
    assert.equal(statuses.get('invalid-target'), 100);
  });
});
