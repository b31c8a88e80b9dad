import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { shouldColor } from '../../src/report/ansi.ts';
import { renderText } from '../../src/report/render-text.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('renderText without color: headline, servers by risk, no control characters at all', () => {
  const out = renderText(loadFixture('sample-run.json'), { color: false });
  assert.match(out, /5 MCP servers found, 3 answered tools\/list without authentication, 7 tools exposed\./);
  assert.doesNotMatch(out, CONTROL);
  const shell = out.indexOf('http://10.20.0.22:3000/mcp');
  const db = out.indexOf('http://10.20.0.14:8000/mcp');
  assert.ok(shell > 0 && db > shell, 'riskiest server first');
  assert.match(out, /1 finding suppressed/);
  assert.match(out, /Other endpoints: not-mcp 1 · timeout 1 · closed 1 · invalid-target 1/);
});

test('renderText: hostile server strings cannot inject escapes, with or without color', () => {
  const run = hostileRun();
  assert.doesNotMatch(renderText(run, { color: false }), CONTROL);
  const colored = renderText(run, { color: true });
  // The only escapes left are our own SGR color codes.
  const withoutOurs = colored.replace(/\u001b\[\d+m/g, '');
  assert.doesNotMatch(withoutOurs, CONTROL);
  assert.match(colored, /\\x1b\[2J/, 'the hostile escape is shown, not executed');
});

test('renderText: random server names never reach the terminal raw', () => {
  const base = loadFixture('sample-run.json');
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      (name, title) => {
        const run = structuredClone(base);
        const first = run.results[1];
        if (first?.serverInfo) first.serverInfo.name = name;
        if (first?.findings[0]) first.findings[0].title = title;
        assert.doesNotMatch(renderText(run, { color: true }).replace(/\u001b\[\d+m/g, ''), CONTROL);
      },
    ),
    { numRuns: 300 },
  );
});

test('shouldColor: a TTY, unless NO_COLOR is set and non-empty', () => {
  assert.equal(shouldColor({}, true), true);
  assert.equal(shouldColor({}, false), false);
  assert.equal(shouldColor({ NO_COLOR: '1' }, true), false);
  assert.equal(shouldColor({ NO_COLOR: '' }, true), true);
});
