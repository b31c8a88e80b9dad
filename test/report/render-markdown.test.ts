import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeMarkdown } from '../../src/report/markdown-escape.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';

test('renderMarkdown: headline numbers, servers by risk, findings tables', () => {
  const out = renderMarkdown(loadFixture('sample-run.json'));
  assert.match(out, /^# MCP exposure report/);
  assert.match(
    out,
    /\*\*5 MCP servers found, 3 answered `tools\/list` without authentication, 7 tools exposed\.\*\*/,
  );
  assert.match(out, /\| critical \(98\) \| http\\:\/\/10\.20\.0\.22:3000\/mcp \| shell-runner 0\.3\.0 \|/);
  assert.match(out, /### http\\:\/\/10\.20\.0\.22:3000\/mcp/);
  assert.match(out, /reason: Lab network segment/);
});

test('escapeMarkdown: no raw HTML, no line breaks, no unescaped table pipes', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (input) => {
      const out = escapeMarkdown(input);
      assert.doesNotMatch(out, /[<>\r\n\u2028\u2029"]/);
      assert.doesNotMatch(out.replace(/\\\\/g, ''), /(^|[^\\])\|/);
    }),
    { numRuns: 1000 },
  );
  assert.equal(escapeMarkdown('[click](javascript:alert(1))'), '\\[click\\](javascript\\:alert(1))');
  assert.equal(
    escapeMarkdown('see https://evil.example and www.evil.example'),
    'see https\\://evil.example and www\\.evil.example',
  );
});

test('renderMarkdown: hostile strings stay text, and the table keeps its columns', () => {
  const out = renderMarkdown(hostileRun());
  assert.doesNotMatch(out, /<script|<img|<svg|<iframe|onerror="/i);
  const rows = out.split('\n').filter((l) => l.startsWith('| ') && l.includes(' | mcp-'));
  assert.ok(rows.length > 0);
  for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split('|').length, 13, row);
});
