import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sanitizeAndTruncate, sanitizeTerminal } from '../../src/report/sanitize-terminal.ts';
import { TERMINAL_PAYLOADS } from './report-fixtures.ts';

// Every character a terminal could act on, or that could reorder or hide text.
const FORBIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]|[\ud800-\udfff]/u;

test('sanitizeTerminal: output never contains ESC, C0/C1 controls, bidi or invisible characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
      const out = sanitizeTerminal(input);
      assert.doesNotMatch(out, FORBIDDEN);
      assert.equal(out.includes('\u001b'), false);
    }),
    { numRuns: 2000 },
  );
});

test('sanitizeTerminal: controls-heavy strings are neutralised too', () => {
  const controls = fc.constantFrom(
    ...'\u0000\u0007\u0008\u001b\u009b\u202e\u2066\u200b\ufeff\r\n\t'.split(''),
    '\u{e0041}',
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(controls, fc.string({ maxLength: 3 })), { maxLength: 40 }), (parts) => {
      assert.doesNotMatch(sanitizeTerminal(parts.join('')), FORBIDDEN);
    }),
  );
});

test('sanitizeTerminal: printable text passes unchanged, including non-ASCII', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (input) => {
      if (!FORBIDDEN.test(input)) assert.equal(sanitizeTerminal(input), input);
    }),
  );
  assert.equal(sanitizeTerminal('Résumé 東京 🚀 tool_name'), 'Résumé 東京 🚀 tool_name');
});

test('sanitizeTerminal: escapes are visible, so a reader sees what was hidden', () => {
  assert.equal(sanitizeTerminal('a\u001b[31mb'), 'a\\x1b[31mb');
  assert.equal(sanitizeTerminal('x\u202ey'), 'x\\u{202e}y');
  assert.equal(sanitizeTerminal('tag\u{e0041}'), 'tag\\u{e0041}');
  assert.equal(sanitizeTerminal('line\nbreak'), 'line\\x0abreak');
  for (const payload of TERMINAL_PAYLOADS) assert.doesNotMatch(sanitizeTerminal(payload), FORBIDDEN);
});

test('sanitizeAndTruncate: cuts by code points and marks the cut', () => {
  assert.equal(sanitizeAndTruncate('abcdef', 4), 'abc…');
  assert.equal(sanitizeAndTruncate('abc', 4), 'abc');
  assert.equal(sanitizeAndTruncate('🚀🚀🚀🚀🚀', 3), '🚀🚀…');
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.integer({ min: 1, max: 60 }),
      (input, max) => {
        const out = sanitizeAndTruncate(input, max);
        assert.ok(Array.from(out).length <= max);
        assert.doesNotMatch(out, FORBIDDEN);
      },
    ),
  );
});
