import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  parseDiscoverResult,
  parseInitializeResult,
  parsePromptsPage,
  parseResourcesPage,
  parseToolsPage,
  supportedVersionsFromError,
} from '../../src/mcp/results.ts';

const anyJson = fc.jsonValue({ maxDepth: 4 });

describe('result validators of remote bytes (property)', () => {
  it('never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        parseInitializeResult(value);
        parseDiscoverResult(value);
        parseToolsPage(value);
        parseResourcesPage(value);
        parsePromptsPage(value);
        supportedVersionsFromError(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('accept every well-formed initialize result and keep its facts', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })),
        (version, name, capabilities) => {
          const parsed = parseInitializeResult({
            protocolVersion: version,
            capabilities,
            serverInfo: { name, version: '1' },
          });
          assert.ok(!('invalid' in parsed));
          assert.equal(parsed.protocolVersion, version);
          assert.equal(parsed.serverInfo?.name, name);
        },
      ),
    );
  });

  it('keep every well-formed tool and count malformed ones, with bounded strings', () => {
    const tool = fc.record({
      name: fc.string({ minLength: 1, maxLength: 40 }),
      description: fc.string({ maxLength: 50_000 }),
    });
    const junk = fc.oneof(
      fc.integer(),
      fc.constant(null),
      fc.record({ name: fc.integer() }),
      fc.record({ name: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(tool, junk), { maxLength: 30 }), (items) => {
        const page = parseToolsPage({ tools: items });
        assert.ok(!('invalid' in page));
        const good = items.filter(
          (t) =>
            typeof t === 'object' &&
            t !== null &&
            typeof (t as { name: unknown }).name === 'string' &&
            (t as { name: string }).name !== '',
        );
        assert.equal(page.items.length, good.length);
        assert.equal(page.rejected, items.length - good.length);
        for (const t of page.items) assert.ok((t.description?.length ?? 0) <= 32 * 1024);
      }),
      { numRuns: 300 },
    );
  });
});

describe('result validators (examples)', () => {
  it('reject initialize results that do not prove MCP', () => {
    assert.ok('invalid' in parseInitializeResult({ protocolVersion: '2025-06-18' }));
    assert.ok(
      'invalid' in parseInitializeResult({ protocolVersion: '2025-06-18', capabilities: {}, serverInfo: {} }),
    );
    assert.ok('invalid' in parseInitializeResult('0x1234'));
  });

  it('read serverInfo from the 2026-07-28 result _meta', () => {
    const parsed = parseDiscoverResult({
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: {} },
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'modern', version: '2' } },
    });
    assert.ok(!('invalid' in parsed));
    assert.equal(parsed.serverInfo?.name, 'modern');
    assert.ok('invalid' in parseDiscoverResult({ supportedVersions: [], capabilities: {} }));
  });

  it('returns the next cursor only when it is a non-empty string', () => {
    const page = parseToolsPage({ tools: [], nextCursor: 'abc' });
    assert.ok(!('invalid' in page) && page.nextCursor === 'abc');
    const last = parseToolsPage({ tools: [], nextCursor: '' });
    assert.ok(!('invalid' in last) && last.nextCursor === null);
  });

  it('reads the supported list of an unsupported-version error', () => {
    assert.deepEqual(supportedVersionsFromError({ supported: ['2026-07-28', 3] }), ['2026-07-28']);
    assert.equal(supportedVersionsFromError({ supported: [] }), null);
  });
});
