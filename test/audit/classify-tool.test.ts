import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CAPABILITY_CATEGORIES, CLASSIFY_THRESHOLD } from '../../src/audit/capability-catalog.ts';
import {
  classifyTool,
  collectSchemaPropertyNames,
  normalizeToolName,
} from '../../src/audit/classify-tool.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';
import { tool } from './observation-builder.ts';

test('normalizeToolName splits camel, snake and kebab case', () => {
  assert.equal(normalizeToolName('readTextFile'), 'read text file');
  assert.equal(normalizeToolName('API-post-search'), 'api post search');
  assert.equal(normalizeToolName('kubectl_get'), 'kubectl get');
});

test('collectSchemaPropertyNames walks nested objects, arrays and combinators', () => {
  const names = collectSchemaPropertyNames({
    type: 'object',
    properties: {
      params: { type: 'object', properties: { projectSlug: { type: 'string' } } },
      files: { type: 'array', items: { type: 'object', properties: { path: {} } } },
      target: { anyOf: [{ type: 'object', properties: { url: {} } }] },
    },
  });
  assert.deepEqual(names.sort(), ['files', 'params', 'path', 'projectSlug', 'target', 'url'].sort());
});

test('annotations weigh in: readOnlyHint lowers file-write, openWorldHint=false lowers network-fetch', () => {
  const writer = tool('save_pdf', 'Save the page as a PDF file', { outputPath: { type: 'string' } });
  assert.ok(classifyTool(writer).some((c) => c.category === 'file-write'));
  const readOnly = { ...writer, annotations: { readOnlyHint: true } };
  const before = classifyTool(writer).find((c) => c.category === 'file-write')?.confidence ?? 0;
  const after = classifyTool(readOnly).find((c) => c.category === 'file-write')?.confidence ?? 0;
  assert.ok(after < before);
  const fetcher = tool('open_link', 'Fetch a URL', { url: { type: 'string' } });
  const open = classifyTool(fetcher).find((c) => c.category === 'network-fetch')?.confidence ?? 0;
  const closed =
    classifyTool({ ...fetcher, annotations: { openWorldHint: false } }).find(
      (c) => c.category === 'network-fetch',
    )?.confidence ?? 0;
  assert.ok(open > 0 && closed < open);
});

test('reasons explain every classification', () => {
  for (const c of classifyTool(
    tool('execute_command', 'Execute a shell command', { command: { type: 'string' } }),
  )) {
    assert.ok(c.reasons.length > 0);
  }
  assert.equal(
    classifyTool(tool('execute_command', 'Execute a shell command'))[0]?.category,
    'command-execution',
  );
});

const arbitraryTool: fc.Arbitrary<ToolInfo> = fc.record({
  name: fc.string({ maxLength: 200 }),
  description: fc.option(fc.string({ maxLength: 2000 }), { nil: null }),
  inputSchema: fc.jsonValue({ maxDepth: 6 }),
  annotations: fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), { nil: null }),
});

test('hostile tool definitions never throw and give well-formed results', () => {
  fc.assert(
    fc.property(arbitraryTool, (candidate) => {
      const results = classifyTool(candidate);
      const categories = results.map((r) => r.category);
      assert.equal(new Set(categories).size, categories.length);
      for (const r of results) {
        assert.ok((CAPABILITY_CATEGORIES as readonly string[]).includes(r.category));
        assert.ok(r.confidence >= CLASSIFY_THRESHOLD && r.confidence <= 1);
      }
    }),
    { numRuns: 300 },
  );
});

test('huge and deeply nested schemas are bounded', () => {
  let deep: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 5000; i += 1) deep = { type: 'object', properties: { [`p${i}`]: deep } };
  const wide = {
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, {}])),
  };
  assert.ok(collectSchemaPropertyNames(deep).length <= 10);
  assert.ok(collectSchemaPropertyNames(wide).length <= 500);
  const started = Date.now();
  classifyTool({
    name: 'x'.repeat(100_000),
    description: 'read file '.repeat(50_000),
    inputSchema: wide,
    annotations: null,
  });
  assert.ok(Date.now() - started < 2000);
});
