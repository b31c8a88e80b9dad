import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PATHS, DEFAULT_PORTS, schemeForPort } from '../../../src/scan/defaults.ts';
import { pathProblem } from '../../../src/scan/targets/parse-paths.ts';

describe('scan defaults', () => {
  it('lists the known MCP ports, valid and unique', () => {
    assert.deepEqual(
      DEFAULT_PORTS,
      [8000, 3000, 3001, 8080, 6274, 6277, 8811, 8787, 5678, 7071, 3232, 5000, 80, 443],
    );
    assert.equal(new Set(DEFAULT_PORTS).size, DEFAULT_PORTS.length);
  });

  it('lists candidate paths in probe order, each a valid path', () => {
    assert.deepEqual(DEFAULT_PATHS, [
      '/mcp',
      '/sse',
      '/',
      '/messages',
      '/message',
      '/api/mcp',
      '/mcp/sse',
      '/v1/mcp',
    ]);
    for (const path of DEFAULT_PATHS) assert.equal(pathProblem(path), null);
  });

  it('cannot be changed by a caller', () => {
    assert.throws(() => (DEFAULT_PORTS as number[]).push(1), TypeError);
    assert.throws(() => (DEFAULT_PATHS as string[]).push('/x'), TypeError);
  });

  it('suggests https first only on TLS ports', () => {
    assert.equal(schemeForPort(443), 'https');
    assert.equal(schemeForPort(8443), 'https');
    assert.equal(schemeForPort(80), 'http');
    assert.equal(schemeForPort(3000), 'http');
  });
});
