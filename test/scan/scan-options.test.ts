import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLockdownError } from '../../src/errors.ts';
import { DEFAULT_PATHS, DEFAULT_PORTS } from '../../src/scan/defaults.ts';
import { resolveScanOptions } from '../../src/scan/scan-options.ts';

describe('scan options are validated once, up front', () => {
  it('fills defaults: known MCP ports and paths, Origin check on', () => {
    const opts = resolveScanOptions({}, '1.0.0');
    assert.deepEqual(opts.ports, DEFAULT_PORTS);
    assert.deepEqual(opts.paths, DEFAULT_PATHS);
    assert.equal(opts.originCheck, true);
    assert.match(opts.userAgent, /^mcp-lockdown\/1\.0\.0 /);
  });

  for (const [name, bad] of [
    ['concurrency', { concurrency: 0 }],
    ['rate', { rate: -1 }],
    ['tls', { tls: 'maybe' as 'on' }],
    ['header', { headers: { 'bad name': 'x' } }],
    ['header value', { headers: { ok: 'a\r\nInjected: 1' } }],
    ['timeout', { requestTimeoutMs: 1.5 }],
  ] as const) {
    it(`rejects a bad ${name} with ERR_INVALID_OPTION`, () => {
      assert.throws(
        () => resolveScanOptions(bad, '1'),
        (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
      );
    });
  }
});
