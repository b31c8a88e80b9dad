import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeHtml, jsonForHtmlScript } from '../../src/report/html-escape.ts';
import { revealInvisible } from '../../src/report/invisible-chars.ts';
import { XSS_PAYLOADS } from './report-fixtures.ts';

test('escapeHtml: output never contains < > " \' ` or a raw NUL', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
      assert.doesNotMatch(escapeHtml(input), /[<>"'`\u0000]/);
    }),
    { numRuns: 2000 },
  );
});

test('escapeHtml: every & in the output starts one of our entities (no double meaning)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 100 }), (input) => {
      const stripped = escapeHtml(input).replace(/&(amp|lt|gt|quot|#39|#96);/g, '');
      assert.equal(stripped.includes('&'), false);
    }),
  );
});

test('escapeHtml: decoding the entities gives the input back (text without controls)', () => {
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&#96;/g, '`')
      .replace(/&amp;/g, '&');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (input) => {
      fc.pre(revealInvisible(input) === input);
      assert.equal(decode(escapeHtml(input)), input);
    }),
  );
});

test('escapeHtml: bidi, zero-width, tag and control characters become visible markers', () => {
  assert.equal(escapeHtml('abc\u202edcba'), 'abc[U+202E]dcba');
  assert.equal(escapeHtml('a\u200bb\u{e0041}\u0000'), 'a[U+200B]b[U+E0041][U+0000]');
  assert.equal(escapeHtml('tab\tnew\nline'), 'tab\tnew\nline');
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (input) => {
      assert.doesNotMatch(
        escapeHtml(input),
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]|[\u{e0000}-\u{e007f}]/u,
      );
    }),
  );
});

test('escapeHtml: the known payloads come out inert', () => {
  for (const payload of XSS_PAYLOADS) assert.doesNotMatch(escapeHtml(payload), /[<>"']/);
  assert.equal(escapeHtml('<b a="1">\'&'), '&lt;b a=&quot;1&quot;&gt;&#39;&amp;');
});

test('jsonForHtmlScript: cannot close a script block and parses back to the value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = jsonForHtmlScript(value);
      assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    }),
  );
  assert.equal(jsonForHtmlScript({ a: '</script><!--' }).includes('</script'), false);
});
