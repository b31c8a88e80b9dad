import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, toolIdentity } from '../../src/audit/tool-identity.ts';

/** Rebuild a JSON value with every object's keys in reverse insertion order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reorder(v)]),
  );
}

test('canonicalJson sorts keys at every depth and is valid JSON', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }),
    '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
  );
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
      assert.equal(canonicalJson(reorder(value)), text);
    }),
  );
});

test('toolIdentity is SHA-256 of canonical {name, description, inputSchema}, ignoring key order and annotations', () => {
  const tool = {
    name: 'read_file',
    description: 'Read a file',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
  };
  const expected = createHash('sha256')
    .update(
      '{"description":"Read a file","inputSchema":{"properties":{"path":{"type":"string"}},"type":"object"},"name":"read_file"}',
    )
    .digest('hex');
  assert.equal(toolIdentity(tool), expected);
  assert.equal(
    toolIdentity({ inputSchema: reorder(tool.inputSchema), description: tool.description, name: tool.name }),
    expected,
  );
  assert.notEqual(toolIdentity({ ...tool, description: 'Read a file.' }), expected);
  assert.notEqual(toolIdentity({ ...tool, inputSchema: { type: 'object' } }), expected);
  assert.notEqual(toolIdentity({ ...tool, name: 'read_file2' }), expected);
  fc.assert(
    fc.property(fc.string(), fc.option(fc.string()), fc.jsonValue(), (name, description, inputSchema) => {
      assert.match(toolIdentity({ name, description, inputSchema }), /^[0-9a-f]{64}$/);
    }),
  );
});
