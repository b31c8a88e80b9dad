import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLockdownError } from '../../../src/errors.ts';
import { parsePathSpec } from '../../../src/scan/targets/parse-paths.ts';
import { parsePortSpec } from '../../../src/scan/targets/parse-ports.ts';

function rejects(spec: string, pattern: RegExp, parse: (spec: string) => unknown = parsePortSpec): void {
  assert.throws(
    () => parse(spec),
    (error: unknown) => isLockdownError(error, 'ERR_INVALID_OPTION') && pattern.test(error.message),
    spec,
  );
}

describe('parsePortSpec', () => {
  it('reads lists and ranges, keeping order and dropping duplicates', () => {
    assert.deepEqual(parsePortSpec('3000,8000-8003,443'), [3000, 8000, 8001, 8002, 8003, 443]);
    assert.deepEqual(parsePortSpec(' 80 , 80, 79-81 '), [80, 79, 81]);
    assert.deepEqual(parsePortSpec('65535'), [65535]);
    assert.equal(parsePortSpec('1-65535').length, 65535);
  });

  it('stays fast when a spec repeats the full range many times', () => {
    const started = performance.now();
    assert.equal(parsePortSpec(Array(2000).fill('1-65535').join(',')).length, 65535);
    assert.ok(performance.now() - started < 2000);
  });

  it('names the bad item', () => {
    rejects('', /port list is empty/);
    rejects('3000,,443', /item "" is empty/);
    rejects('3000,', /is empty \(stray comma\?\)/);
    rejects('0', /item "0" is not a valid port: port "0" is out of range 1-65535/);
    rejects('3000,99999', /item "99999"/);
    rejects('http', /item "http" is not a valid port/);
    rejects('9000-8000', /start is above its end/);
    rejects('1-2-3', /bad range end/);
    rejects('-5', /bad range start/);
    rejects('+80', /not a decimal number/);
  });

  it('round-trips any list of ports and ranges', () => {
    const item = fc.oneof(
      fc.integer({ min: 1, max: 65535 }).map((p) => ({ text: String(p), ports: [p] })),
      fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 40 })).map(([low, width]) => {
        const high = Math.min(65535, low + width);
        return { text: `${low}-${high}`, ports: Array.from({ length: high - low + 1 }, (_, i) => low + i) };
      }),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 10 }), (items) => {
        const expected = [...new Set(items.flatMap((i) => i.ports))];
        assert.deepEqual(parsePortSpec(items.map((i) => i.text).join(',')), expected);
      }),
    );
  });

  it('never throws anything but ERR_INVALID_OPTION', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (spec) => {
        try {
          const ports = parsePortSpec(spec);
          assert.ok(ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535));
        } catch (error) {
          assert.ok(isLockdownError(error, 'ERR_INVALID_OPTION'), String(error));
        }
      }),
    );
  });
});

describe('parsePathSpec', () => {
  it('reads a comma-separated path list, order kept, duplicates dropped', () => {
    assert.deepEqual(parsePathSpec('/mcp, /sse,/mcp,/api/mcp?x=1'), ['/mcp', '/sse', '/api/mcp?x=1']);
  });

  it('names the bad item', () => {
    rejects('mcp', /path "mcp" must start with "\/"/, parsePathSpec);
    rejects('/mcp,,/sse', /an item is empty/, parsePathSpec);
    rejects('/a#b', /contains whitespace, control characters or "#"/, parsePathSpec);
  });
});
