import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findConcealedContent } from '../../src/audit/checks/tool-hidden-content.ts';
import { decodeTagCharacters } from '../../src/audit/checks/tool-hidden-unicode.ts';
import { findPoisoningHits } from '../../src/audit/checks/tool-poisoning-instructions.ts';
import { quote } from '../../src/audit/create-finding.ts';
import { descriptionSentences } from '../../src/audit/description-sentences.ts';

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 200,
});
const toTags = (s: string) =>
  Array.from(s)
    .map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0)))
    .join('');

test('tag characters decode back to the ASCII they hide, whatever surrounds them', () => {
  fc.assert(
    fc.property(printable, fc.string(), fc.string(), (hidden, before, after) => {
      const clean = (s: string) => s.replace(/[\u{E0000}-\u{E007F}]/gu, '');
      assert.equal(decodeTagCharacters(`${clean(before)}${toTags(hidden)}${clean(after)}`), hidden);
    }),
  );
});

test('base64 of any long printable text is found and decoded', () => {
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.constantFrom(...'abcdefghij KLMNOP 0123456789 .,'.split('')),
        minLength: 80,
        maxLength: 400,
      }),
      (text) => {
        const blob = Buffer.from(`${text} Z9`).toString('base64');
        const found = findConcealedContent([{ field: 'description', text: `Converts units. ${blob} end.` }]);
        const hit = found.find((c) => c.kind === 'base64');
        assert.ok(hit, 'blob found');
        assert.ok(hit.decodedPreview?.startsWith(JSON.stringify(text.slice(0, 20)).slice(1, -1)));
      },
    ),
    { numRuns: 100 },
  );
});

test('scanners never throw on arbitrary text, and quote() never leaves invisible characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
      findConcealedContent([{ field: 'description', text }]);
      findPoisoningHits([{ field: 'description', text }]);
      decodeTagCharacters(text);
      assert.ok(descriptionSentences(text).length <= 400);
      const quoted = quote(text, 5000);
      assert.doesNotMatch(
        quoted,
        /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\u{E0000}-\u{E007F}]/u,
      );
    }),
    { numRuns: 300 },
  );
});

test('long but linear inputs stay fast (no catastrophic backtracking)', () => {
  const nasty = [
    'A'.repeat(100_000),
    `${'ignore '.repeat(20_000)}x`,
    `<${'important '.repeat(10_000)}`,
    `${'0a'.repeat(50_000)}g`,
  ];
  for (const text of nasty) {
    const started = performance.now();
    findConcealedContent([{ field: 'description', text }]);
    findPoisoningHits([{ field: 'description', text }]);
    descriptionSentences(text);
    assert.ok(performance.now() - started < 1500, `slow on ${text.slice(0, 20)}…`);
  }
});

test('descriptions split into sentences by paragraph, list item and code line, never across them', () => {
  const text =
    'Lists items. You must pass a path,\nwrapped here (e.g. `a_b`).\n- one item\n- two\n\n```\ncall(x=1)\n```\nEnd.';
  assert.deepEqual(
    descriptionSentences(text).map((s) => `${s.block}${s.code ? 'c' : 'p'} ${s.text}`),
    [
      '0p Lists items.',
      '0p You must pass a path, wrapped here (e.g. `a_b`).',
      '1p - one item',
      '2p - two',
      '4c call(x=1)',
      '5p End.',
    ],
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('word', '.', ' ', '\n', '- ', '```', 'e.g.', '[a](b)'), { maxLength: 80 }),
      (parts) => {
        const sentences = descriptionSentences(parts.join(''));
        for (const s of sentences) assert.ok(s.text.length > 0 && !s.text.includes('\n'));
        assert.deepEqual(
          sentences.map((s) => s.block),
          sentences.map((s) => s.block).sort((a, b) => a - b),
        );
      },
    ),
  );
});
