import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TargetItem } from '../../../src/scan/scan-unit.ts';
import { expandTargets, type TargetSourceLine } from '../../../src/scan/targets/expand-targets.ts';

// node --test gives no way to pass --expose-gc per file; enabling the flag at run time and taking
// gc from a fresh context is the documented V8 route, and lets the heap be measured exactly.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

/** Generated lines, never stored: every form, plus a bad line now and then. */
function* generatedLines(count: number): Generator<TargetSourceLine> {
  for (let i = 0; i < count; i++) {
    const a = (i >>> 16) & 255;
    const b = (i >>> 8) & 255;
    const c = i & 255;
    let text: string;
    switch (i % 8) {
      case 0:
        text = `10.${a}.${b}.${c}:3000`;
        break;
      case 1:
        text = `host-${i}.example`;
        break;
      case 2:
        text = `http://10.${a}.${b}.${c}:8000/mcp?n=${i}`;
        break;
      case 3:
        text = `[fd00::${(i & 0xffff).toString(16)}]:8080`;
        break;
      case 4:
        text = `open tcp 6274 10.${a}.${b}.${c} 1700000000`;
        break;
      case 5:
        text = `# comment ${i}`;
        break;
      case 6:
        text = `300.${b}.${c}.1`;
        break;
      default:
        text = `10.${a}.${b}.${c}/31`;
    }
    yield { text, line: i + 1 };
  }
}

/** Consume everything, sampling the heap (after gc) as it goes; return the largest growth seen. */
async function peakGrowth(
  items: AsyncIterable<TargetItem>,
  sampleEvery: number,
): Promise<{ count: number; growth: number }> {
  let count = 0;
  let baseline = 0;
  let peak = 0;
  for await (const item of items) {
    count++;
    if (item.kind === 'unit' && item.port < 1) throw new Error('impossible port');
    if (count === sampleEvery) baseline = heapAfterGc();
    else if (count % sampleEvery === 0) peak = Math.max(peak, heapAfterGc() - baseline);
  }
  return { count, growth: Math.max(peak, heapAfterGc() - baseline) };
}

describe('target expansion memory', () => {
  it('streams 2,000,000 lines with flat heap', async () => {
    const lines = 2_000_000;
    const started = performance.now();
    const { count, growth } = await peakGrowth(
      expandTargets(generatedLines(lines), { ports: [3000], paths: ['/mcp', '/sse'], tls: 'auto' }),
      250_000,
    );
    const seconds = (performance.now() - started) / 1000;
    // 8 forms: 5 one-unit lines, a /31 (2 units), a comment (0) and a bad line (1) per 8 lines.
    assert.equal(count, (lines / 8) * 8);
    assert.ok(growth < 20 * MB, `heap grew by ${(growth / MB).toFixed(1)} MB`);
    console.log(
      `# ${lines} lines -> ${count} items in ${seconds.toFixed(1)} s, heap growth ${(growth / MB).toFixed(2)} MB`,
    );
  });

  it('walks 1,000,000 addresses of a /8 with flat heap', async () => {
    async function* one(): AsyncGenerator<TargetSourceLine> {
      yield { text: '10.0.0.0/8', line: 1 };
    }
    let count = 0;
    let baseline = 0;
    let peak = 0;
    for await (const item of expandTargets(one(), { ports: [3000], paths: ['/mcp'], tls: 'auto' })) {
      count++;
      if (count === 100_000) baseline = heapAfterGc();
      else if (count % 250_000 === 0) peak = Math.max(peak, heapAfterGc() - baseline);
      if (count === 1_000_000) {
        assert.equal(item.kind === 'unit' && item.host, '10.15.66.64');
        break;
      }
    }
    assert.equal(count, 1_000_000);
    assert.ok(peak < 20 * MB, `heap grew by ${(peak / MB).toFixed(1)} MB`);
  });
});
