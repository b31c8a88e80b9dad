import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  classifyJsonRpcMessage,
  describeJsonRpcMessage,
  findResponse,
  isErrorResponse,
  isNotification,
  isRequest,
  isSuccessResponse,
  JSON_RPC_ERRORS,
  type JsonRpcMessage,
  jsonRpcError,
  parseJsonRpcPayload,
} from '../../src/mcp/json-rpc.ts';

const kind = (m: JsonRpcMessage): string =>
  isRequest(m) ? 'request' : isNotification(m) ? 'notification' : isSuccessResponse(m) ? 'success' : 'error';

describe('classifyJsonRpcMessage: shapes', () => {
  it('classifies a request, a notification, a success and an error', () => {
    const req = classifyJsonRpcMessage({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { cursor: 'x' },
    });
    assert.deepEqual(req, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { cursor: 'x' } });
    assert.equal(kind(req!), 'request');

    const note = classifyJsonRpcMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.deepEqual(note, { jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.equal(kind(note!), 'notification');

    const ok = classifyJsonRpcMessage({ jsonrpc: '2.0', id: 'a', result: { tools: [] } });
    assert.deepEqual(ok, { jsonrpc: '2.0', id: 'a', result: { tools: [] } });
    assert.equal(kind(ok!), 'success');

    const err = classifyJsonRpcMessage({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
    assert.deepEqual(err, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    assert.equal(kind(err!), 'error');
  });

  it('accepts a request with id null, array params, non-object results, and error data', () => {
    assert.equal(
      kind(classifyJsonRpcMessage({ jsonrpc: '2.0', id: null, method: 'm', params: [1] })!),
      'request',
    );
    for (const result of [null, 0, 'x', false, [1, 2]]) {
      assert.deepEqual(classifyJsonRpcMessage({ jsonrpc: '2.0', id: 2, result }), {
        jsonrpc: '2.0',
        id: 2,
        result,
      });
    }
    assert.deepEqual(
      classifyJsonRpcMessage({ jsonrpc: '2.0', id: 3, error: { code: 1, message: '', data: { a: 1 } } }),
      {
        jsonrpc: '2.0',
        id: 3,
        error: { code: 1, message: '', data: { a: 1 } },
      },
    );
  });

  it('drops unknown members instead of copying them', () => {
    const m = classifyJsonRpcMessage({ jsonrpc: '2.0', id: 1, result: 1, extra: 'x', error2: 1 });
    assert.deepEqual(m, { jsonrpc: '2.0', id: 1, result: 1 });
    const e = classifyJsonRpcMessage({ jsonrpc: '2.0', id: 1, error: { code: 1, message: 'm', stack: 's' } });
    assert.deepEqual(e, { jsonrpc: '2.0', id: 1, error: { code: 1, message: 'm' } });
  });

  const rejects: [string, unknown, RegExp][] = [
    ['not an object', 'x', /JSON object/],
    ['null', null, /JSON object/],
    ['an array', [], /JSON object/],
    ['no jsonrpc', { id: 1, result: 1 }, /jsonrpc/],
    ['jsonrpc 1.0', { jsonrpc: '1.0', id: 1, result: 1 }, /jsonrpc/],
    ['jsonrpc as number', { jsonrpc: 2.0, id: 1, result: 1 }, /jsonrpc/],
    ['boolean id', { jsonrpc: '2.0', id: true, result: 1 }, /"id"/],
    ['object id', { jsonrpc: '2.0', id: {}, method: 'm' }, /"id"/],
    ['NaN id', { jsonrpc: '2.0', id: Number.NaN, result: 1 }, /"id"/],
    ['method not a string', { jsonrpc: '2.0', id: 1, method: 5 }, /"method"/],
    ['primitive params', { jsonrpc: '2.0', id: 1, method: 'm', params: 'x' }, /"params"/],
    ['null params', { jsonrpc: '2.0', method: 'm', params: null }, /"params"/],
    ['method and result', { jsonrpc: '2.0', id: 1, method: 'm', result: 1 }, /both/],
    ['result and error', { jsonrpc: '2.0', id: 1, result: 1, error: { code: 1, message: 'm' } }, /both/],
    ['response without id', { jsonrpc: '2.0', result: 1 }, /"id"/],
    ['nothing', { jsonrpc: '2.0', id: 1 }, /no "method"/],
    ['error not an object', { jsonrpc: '2.0', id: 1, error: 'boom' }, /"error"/],
    ['error code fractional', { jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'm' } }, /error.code/],
    ['error code string', { jsonrpc: '2.0', id: 1, error: { code: '-32600', message: 'm' } }, /error.code/],
    ['error message missing', { jsonrpc: '2.0', id: 1, error: { code: 1 } }, /error.message/],
  ];
  for (const [name, value, reason] of rejects) {
    it(`rejects ${name}, naming the problem`, () => {
      assert.equal(classifyJsonRpcMessage(value), null);
      const d = describeJsonRpcMessage(value);
      assert.equal(d.ok, false);
      if (!d.ok) assert.match(d.reason, reason);
    });
  }

  it('ignores inherited members (only own keys count)', () => {
    const proto = { jsonrpc: '2.0', id: 1, result: 1 };
    assert.equal(classifyJsonRpcMessage(Object.create(proto)), null);
  });
});

describe('parseJsonRpcPayload', () => {
  it('parses a single message', () => {
    const r = parseJsonRpcPayload('{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}');
    assert.deepEqual(r, {
      ok: true,
      batch: false,
      messages: [{ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18' } }],
    });
  });

  it('parses a batch of mixed messages, keeping order', () => {
    const r = parseJsonRpcPayload(
      '[{"jsonrpc":"2.0","method":"notifications/progress","params":{}},{"jsonrpc":"2.0","id":"b","error":{"code":-32601,"message":"nope"}},{"jsonrpc":"2.0","id":1,"result":{}}]',
    );
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.batch, true);
      assert.deepEqual(r.messages.map(kind), ['notification', 'error', 'success']);
    }
  });

  it('tolerates a BOM and surrounding whitespace', () => {
    assert.equal(parseJsonRpcPayload('\uFEFF \n{"jsonrpc":"2.0","method":"x"}\n').ok, true);
  });

  it('names the problem: invalid JSON, empty batch, bad item, not JSON-RPC', () => {
    const cases: [string, RegExp][] = [
      ['{', /^invalid JSON: /],
      ['', /^invalid JSON: /],
      ['<html>', /^invalid JSON: /],
      ['[]', /^empty batch$/],
      [
        '[{"jsonrpc":"2.0","method":"a"}, 7]',
        /^batch item 1 is not a JSON-RPC 2.0 message: expected a JSON object, got a number$/,
      ],
      ['{"result":1,"id":1}', /^not a JSON-RPC 2.0 message: missing "jsonrpc"/],
      ['"2.0"', /^not a JSON-RPC 2.0 message: expected a JSON object, got a string$/],
      ['{"jsonrpc":"2.0","id":false,"result":1}', /"id" must be/],
      ['{"jsonrpc":"2.0","id":1e400,"result":1}', /"id" must be/],
      ['{"jsonrpc":"2.0","id":1,"error":{"code":1e400,"message":"m"}}', /error.code/],
    ];
    for (const [text, reason] of cases) {
      const r = parseJsonRpcPayload(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.reason, reason, text);
    }
  });

  it('caps the JSON error detail so a huge hostile body does not bloat the reason', () => {
    const r = parseJsonRpcPayload(`{"a":${'x'.repeat(100_000)}`);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.reason.length < 200);
  });

  it('survives deep nesting without throwing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.equal(parseJsonRpcPayload(deep).ok, false);
    const deepResult = `{"jsonrpc":"2.0","id":1,"result":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    assert.equal(parseJsonRpcPayload(deepResult).ok, true);
  });

  it('a "__proto__" member neither pollutes Object.prototype nor changes the message prototype', () => {
    const r = parseJsonRpcPayload(
      '{"jsonrpc":"2.0","id":1,"result":{"__proto__":{"polluted":true}},"__proto__":{"method":"evil","isAdmin":true}}',
    );
    assert.equal(r.ok, true);
    if (!r.ok) return;
    const m = r.messages[0]!;
    assert.equal(kind(m), 'success');
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.equal((m as unknown as Record<string, unknown>).isAdmin, undefined);
    assert.deepEqual(Object.keys(m), ['jsonrpc', 'id', 'result']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });
});

describe('findResponse, guards and jsonRpcError', () => {
  const messages: JsonRpcMessage[] = [
    { jsonrpc: '2.0', id: 1, method: 'ping' },
    { jsonrpc: '2.0', method: 'notifications/message', params: {} },
    { jsonrpc: '2.0', id: '1', result: 'string id' },
    { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'no' } },
    { jsonrpc: '2.0', id: 1, result: 'later duplicate' },
    { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse' } },
  ];

  it('finds the first response with a strictly equal id, skipping requests with that id', () => {
    assert.equal(findResponse(messages, 1), messages[3]);
    assert.equal(findResponse(messages, '1'), messages[2]);
    assert.equal(findResponse(messages, null), messages[5]);
    assert.equal(findResponse(messages, 2), undefined);
    assert.equal(findResponse([], 1), undefined);
  });

  it('the type guards agree with the shapes', () => {
    assert.deepEqual(messages.map(kind), ['request', 'notification', 'success', 'error', 'success', 'error']);
    assert.equal(isErrorResponse(messages[3]!), true);
    assert.equal(isSuccessResponse(messages[3]!), false);
  });

  it('builds error responses, with data only when given', () => {
    assert.deepEqual(jsonRpcError(7, JSON_RPC_ERRORS.METHOD_NOT_FOUND, 'Method not found'), {
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32601, message: 'Method not found' },
    });
    const e = jsonRpcError(null, JSON_RPC_ERRORS.HEADER_MISMATCH, 'mismatch', { header: 'Mcp-Method' });
    assert.deepEqual(e.error, { code: -32020, message: 'mismatch', data: { header: 'Mcp-Method' } });
    assert.deepEqual(classifyJsonRpcMessage(JSON.parse(JSON.stringify(e))), e);
  });

  it('has the standard and MCP error codes', () => {
    assert.deepEqual(JSON_RPC_ERRORS, {
      PARSE_ERROR: -32700,
      INVALID_REQUEST: -32600,
      METHOD_NOT_FOUND: -32601,
      INVALID_PARAMS: -32602,
      INTERNAL_ERROR: -32603,
      HEADER_MISMATCH: -32020,
      UNSUPPORTED_PROTOCOL_VERSION: -32022,
    });
  });
});

const idArb = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null));
const structured = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
  fc.array(fc.jsonValue({ maxDepth: 2 })),
);
const messageArb: fc.Arbitrary<[string, JsonRpcMessage]> = fc.oneof(
  fc
    .record({ id: idArb, method: fc.string(), params: structured }, { requiredKeys: ['id', 'method'] })
    .map((r) => ['request', { jsonrpc: '2.0', ...r }] as [string, JsonRpcMessage]),
  fc
    .record({ method: fc.string(), params: structured }, { requiredKeys: ['method'] })
    .map((r) => ['notification', { jsonrpc: '2.0', ...r }] as [string, JsonRpcMessage]),
  fc
    .record({ id: idArb, result: fc.jsonValue({ maxDepth: 3 }) })
    .map((r) => ['success', { jsonrpc: '2.0', ...r }] as [string, JsonRpcMessage]),
  fc
    .record({
      id: idArb,
      error: fc.record(
        { code: fc.integer(), message: fc.string(), data: fc.jsonValue({ maxDepth: 2 }) },
        { requiredKeys: ['code', 'message'] },
      ),
    })
    .map((r) => ['error', { jsonrpc: '2.0', ...r }] as [string, JsonRpcMessage]),
);

describe('JSON-RPC properties', () => {
  it('valid messages survive a JSON round trip and classify as their kind', () => {
    fc.assert(
      fc.property(messageArb, ([expectedKind, m]) => {
        const text = JSON.stringify(m);
        const r = parseJsonRpcPayload(text);
        assert.equal(r.ok, true);
        if (!r.ok) return;
        assert.equal(r.batch, false);
        assert.equal(kind(r.messages[0]!), expectedKind);
        assert.deepEqual(r.messages[0], JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('batches of valid messages parse to the same messages, and findResponse finds each response', () => {
    fc.assert(
      fc.property(fc.array(messageArb, { minLength: 1, maxLength: 6 }), (pairs) => {
        const ms = pairs.map(([, m]) => m);
        const r = parseJsonRpcPayload(JSON.stringify(ms));
        assert.equal(r.ok, true);
        if (!r.ok) return;
        assert.equal(r.batch, true);
        assert.deepEqual(r.messages, JSON.parse(JSON.stringify(ms)));
        for (const m of r.messages) {
          if (isSuccessResponse(m) || isErrorResponse(m)) {
            const found = findResponse(r.messages, m.id);
            assert.ok(found);
            assert.equal(found.id, m.id);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary JSON never throws, and whatever is accepted has a valid shape', () => {
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          jsonrpc: fc.constantFrom('2.0', '1.0', 2),
          id: fc.jsonValue({ maxDepth: 1 }),
          method: fc.jsonValue({ maxDepth: 1 }),
          params: fc.jsonValue({ maxDepth: 1 }),
          result: fc.jsonValue({ maxDepth: 1 }),
          error: fc.oneof(
            fc.jsonValue({ maxDepth: 1 }),
            fc.record({ code: fc.jsonValue({ maxDepth: 0 }), message: fc.jsonValue({ maxDepth: 0 }) }),
          ),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(anyJson, fc.array(anyJson, { maxLength: 4 })), (value) => {
        const r = parseJsonRpcPayload(JSON.stringify(value));
        if (!r.ok) {
          assert.ok(r.reason.length > 0);
          return;
        }
        for (const m of r.messages) {
          assert.equal(m.jsonrpc, '2.0');
          const id = (m as { id?: unknown }).id;
          assert.ok(id === undefined || id === null || typeof id === 'string' || typeof id === 'number');
          if (isErrorResponse(m))
            assert.ok(Number.isInteger(m.error.code) && typeof m.error.message === 'string');
          if ('method' in m) assert.equal(typeof m.method, 'string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        const r = parseJsonRpcPayload(text);
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
