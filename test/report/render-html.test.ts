import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { REPORT_SCRIPT } from '../../src/report/html-script.ts';
import { REPORT_CSS } from '../../src/report/html-styles.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { hostileRun, loadFixture, XSS_PAYLOADS } from './report-fixtures.ts';

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

test('renderHtml: one self-contained file with headline numbers, charts and servers by risk', () => {
  const html = renderHtml(loadFixture('sample-run.json'));
  assert.match(
    html,
    /<b>5<\/b> MCP servers found, <b>3<\/b> answered tools\/list without authentication, <b>7<\/b> tools exposed\./,
  );
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(html, /\b(src|href)=/i, 'nothing is loaded from anywhere');
  assert.equal((html.match(/<svg /g) ?? []).length, 3);
  const shell = html.indexOf('http://10.20.0.22:3000/mcp');
  const db = html.indexOf('http://10.20.0.14:8000/mcp');
  assert.ok(shell > 0 && db > shell, 'riskiest first');
  assert.match(html, /database-query/);
});

test('renderHtml: CSP allows exactly the inline style and script, by hash', () => {
  const html = renderHtml(loadFixture('sample-run.json'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.ok(csp.includes(`script-src ${hash(REPORT_SCRIPT)}`));
  assert.ok(csp.includes(`style-src ${hash(REPORT_CSS)}`));
  assert.match(csp, /img-src data:/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [REPORT_SCRIPT]);
  assert.doesNotMatch(html, /style="/, 'no inline style attributes (they would need unsafe-inline)');
});

test('renderHtml: hostile strings are escaped everywhere, and no server data enters <script>', () => {
  const html = renderHtml(hostileRun());
  // A javascript: URL is harmless as text; the report has no href or src for it to land in.
  for (const payload of XSS_PAYLOADS.filter((p) => /[<>"']/.test(p)))
    assert.equal(html.includes(payload), false, payload);
  assert.doesNotMatch(html, /<[a-z][^>]*\s(src|href)=/i);
  assert.doesNotMatch(html, /<script>window|<svg onload|<iframe|<img|<body /i);
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+=/i, 'no event-handler attribute on any tag');
  // The only <script> and <style> are ours.
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.equal((html.match(/<style/g) ?? []).length, 1);
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
  assert.match(html, /&lt;script&gt;window.__pwned=1&lt;\/script&gt;/);
});
