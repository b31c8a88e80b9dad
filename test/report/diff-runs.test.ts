import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { toolIdentity as toolHash } from '../../src/audit/tool-identity.ts';
import { diffRuns } from '../../src/report/diff-runs.ts';
import { renderDiffJson, renderDiffText } from '../../src/report/render-diff.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';

test('diffRuns: identical runs have no changes', () => {
  const run = loadFixture('sample-run.json');
  const diff = diffRuns(run, structuredClone(run));
  assert.equal(diff.changed, false);
  assert.match(renderDiffText(diff, { color: false }), /No changes\./);
});

test('diffRuns: appeared, disappeared, status, auth, tool and finding changes', () => {
  const diff = diffRuns(loadFixture('sample-run.json'), loadFixture('sample-run-later.json'));
  assert.equal(diff.changed, true);
  assert.deepEqual(
    diff.appeared.map((s) => s.target),
    ['http://10.20.0.77:3001/mcp'],
  );
  assert.deepEqual(
    diff.disappeared.map((s) => s.target),
    ['http://10.20.0.31:8080/sse'],
  );
  assert.deepEqual(diff.statusChanged, [
    { target: 'http://10.20.0.14:8000/mcp', from: 'mcp-open', to: 'mcp-auth-required' },
    { target: 'http://10.20.0.31:8080/sse', from: 'mcp-open', to: 'closed' },
  ]);
  assert.deepEqual(diff.authChanged, [
    { target: 'http://10.20.0.14:8000/mcp', from: 'none', to: 'required' },
  ]);
  // Tools compared only where both scans listed them: the now-guarded db server lists none, not "removed".
  assert.deepEqual(diff.tools, [
    { target: 'http://10.20.0.22:3000/mcp', added: ['deploy_stack'], removed: [], changed: ['read_file'] },
  ]);
  assert.deepEqual(diff.newFindings.map((c) => c.finding.id).sort(), [
    'dangerous-capability:http://10.20.0.22:3000/mcp#deploy_stack',
    'dangerous-capability:http://10.20.0.77:3001/mcp#generate_image',
    'plaintext-http:http://10.20.0.77:3001/mcp',
    'unauthenticated-tool-listing:http://10.20.0.77:3001/mcp',
  ]);
  // The weather server went away: its findings are not "resolved".
  assert.deepEqual(diff.resolvedFindings.map((c) => c.finding.id).sort(), [
    'dangerous-capability:http://10.20.0.14:8000/mcp#run_sql',
    'origin-not-validated:http://10.20.0.14:8000/mcp',
    'unauthenticated-tool-listing:http://10.20.0.14:8000/mcp',
  ]);
});

test('toolIdentity (as used by diff): name, description and input schema count; key order and annotations do not', () => {
  const tool = {
    name: 'run',
    description: 'Run it',
    inputSchema: { type: 'object', properties: { a: { type: 'string' } } },
  };
  const base = toolHash(tool);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(
    toolHash({ ...tool, inputSchema: { properties: { a: { type: 'string' } }, type: 'object' } }),
    base,
  );
  assert.notEqual(toolHash({ ...tool, description: 'Run it!' }), base);
  assert.notEqual(toolHash({ ...tool, name: 'run2' }), base);
  assert.notEqual(toolHash({ ...tool, inputSchema: { type: 'object' } }), base);
  // Integer-like keys too: JS objects list them first, the canonical form must not.
  assert.equal(
    toolHash({ ...tool, inputSchema: { b: 1, '1': 2, a: 3 } }),
    toolHash({ ...tool, inputSchema: { a: 3, '1': 2, b: 1 } }),
  );
});

test('toolIdentity (as used by diff): SHA-256 of the canonical JSON text (known answer)', () => {
  const canonical = '{"description":null,"inputSchema":{"10":true,"2":[1,null],"a":{"":0}},"name":"t"}';
  const expected = createHash('sha256').update(canonical).digest('hex');
  assert.equal(
    toolHash({ name: 't', description: null, inputSchema: { a: { '': 0 }, '2': [1, null], '10': true } }),
    expected,
  );
});

test('render-diff: text is sanitized, JSON is stable', () => {
  const old = loadFixture('sample-run.json');
  const hostile = hostileRun();
  const diff = diffRuns(old, hostile);
  const text = renderDiffText(diff, { color: true }).replace(/\u001b\[\d+m/g, '');
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  assert.ok(diff.tools.length > 0);
  const json = renderDiffJson(diff);
  assert.equal(json, renderDiffJson(diffRuns(old, hostileRun())));
  assert.equal(JSON.parse(json).changed, true);
});
