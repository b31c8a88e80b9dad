import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createSseParser, type SseEvent } from '../../src/mcp/sse-parser.ts';

const enc = new TextEncoder();

function parseAll(chunks: (string | Uint8Array)[]): SseEvent[] {
  const p = createSseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

function splitAt<T extends string | Uint8Array>(whole: T, cuts: number[]): T[] {
  const points = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
  const parts: T[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(whole.slice(prev, p) as T);
    prev = p;
  }
  parts.push(whole.slice(prev) as T);
  return parts;
}

const ev = (data: string, event = 'message', id: string | null = null): SseEvent => ({ event, data, id });

describe('createSseParser: examples', () => {
  it('parses a legacy endpoint event and a message', () => {
    const s = 'event: endpoint\ndata: /messages?sessionId=abc\n\nevent: message\ndata: {"jsonrpc":"2.0"}\n\n';
    assert.deepEqual(parseAll([s]), [ev('/messages?sessionId=abc', 'endpoint'), ev('{"jsonrpc":"2.0"}')]);
  });

  it('joins data lines with \\n and dispatches an empty data line as ""', () => {
    assert.deepEqual(parseAll(['data: a\ndata:b\ndata\n\ndata\n\n']), [ev('a\nb\n'), ev('')]);
  });

  it('follows the WHATWG examples', () => {
    // "data\n\ndata\ndata\n\ndata:" : '' then '\n'; the unterminated last one is dropped.
    assert.deepEqual(parseAll(['data\n\ndata\ndata\n\ndata:']), [ev(''), ev('\n')]);
    // "data:test\n\ndata: test\n\n": both have data 'test' (only one space is stripped).
    assert.deepEqual(parseAll(['data:test\n\ndata: test\n\n']), [ev('test'), ev('test')]);
    assert.deepEqual(parseAll(['data:  two spaces\n\n']), [ev(' two spaces')]);
  });

  it('ignores comments, retry and unknown fields, and does not dispatch events without data', () => {
    const s = ': keep-alive\nretry: 1000\nfoo: bar\n\nevent: x\n\n:comment\ndata: ok\n\n';
    assert.deepEqual(parseAll([s]), [ev('ok')]);
  });

  it('resets the event type after each dispatch; empty event name means message', () => {
    assert.deepEqual(parseAll(['event: a\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n']), [
      ev('1', 'a'),
      ev('2'),
      ev('3'),
    ]);
  });

  it('keeps the last event id across events, resets it on empty id, ignores ids with NUL', () => {
    const s = 'id: 1\ndata: a\n\ndata: b\n\nid: x\u0000y\ndata: c\n\nid\ndata: d\n\n';
    assert.deepEqual(parseAll([s]), [
      ev('a', 'message', '1'),
      ev('b', 'message', '1'),
      ev('c', 'message', '1'),
      ev('d', 'message', ''),
    ]);
  });

  it('an id line alone (no data) still updates the id for later events', () => {
    assert.deepEqual(parseAll(['id: 5\n\ndata: a\n\n']), [ev('a', 'message', '5')]);
  });

  it('accepts CRLF, LF and CR line endings, mixed', () => {
    assert.deepEqual(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\n\n']), [ev('a'), ev('b'), ev('c')]);
  });

  it('treats CR at the end of a chunk and LF at the start of the next as one line break', () => {
    // If the LF were a second break, 'data: a' would be followed by a blank line and dispatched early.
    assert.deepEqual(parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n']), [ev('a\nb')]);
    assert.deepEqual(parseAll([enc.encode('data: a\r'), enc.encode('\ndata: b\r\n\r'), enc.encode('\n')]), [
      ev('a\nb'),
    ]);
  });

  it('strips one leading BOM only', () => {
    assert.deepEqual(parseAll(['\uFEFFdata: a\n\n']), [ev('a')]);
    assert.deepEqual(
      parseAll([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), enc.encode('data: a\n\n')]),
      [ev('a')],
    );
    // A second BOM is part of the field name, so the line is an unknown field.
    assert.deepEqual(parseAll(['\uFEFF\uFEFFdata: a\n\ndata: b\n\n']), [ev('b')]);
  });

  it('decodes UTF-8 split inside multi-byte characters', () => {
    const bytes = enc.encode('data: h\u00e9llo \u{1F600} \u4e16\n\n');
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    assert.deepEqual(parseAll(chunks), [ev('h\u00e9llo \u{1F600} \u4e16')]);
  });

  it('replaces invalid UTF-8 with U+FFFD instead of throwing', () => {
    assert.deepEqual(parseAll([new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a, 0x0a])]), [
      ev('\uFFFD'),
    ]);
  });

  it('returns events only when their blank line arrives, and end() drops an incomplete event', () => {
    const p = createSseParser();
    assert.deepEqual(p.push('data: a\n'), []);
    assert.deepEqual(p.push('\ndata: b\n'), [ev('a')]);
    assert.deepEqual(p.end(), []);
  });

  it('flushes pending bytes when a string chunk follows a byte chunk', () => {
    assert.deepEqual(parseAll([enc.encode('data: a'), 'b\n\n']), [ev('ab')]);
  });

  it('reports the characters held for the event in progress, and releases them on dispatch', () => {
    const p = createSseParser();
    assert.equal(p.bufferedChars, 0);
    p.push('data: abc\ndata: d');
    assert.equal(p.bufferedChars, 4 + 'data: d'.length);
    p.push('ef\n');
    assert.equal(p.bufferedChars, 8);
    assert.equal(p.push('\n').length, 1);
    assert.equal(p.bufferedChars, 0);
    p.push(': a comment that is never finished');
    assert.ok(p.bufferedChars > 0);
    p.end();
    assert.equal(p.bufferedChars, 0);
  });

  it('is linear: a long line fed in many small chunks, and many events', () => {
    const p = createSseParser();
    const started = performance.now();
    p.push('data: ');
    const piece = 'x'.repeat(100);
    for (let k = 0; k < 100_000; k++) p.push(piece); // 10 MB line in 100k chunks
    const out = p.push('\n\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.data.length, 10_000_000);
    const many = 'data: 0123456789\n\n'.repeat(200_000);
    assert.equal(p.push(many).length, 200_000);
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});

// A line ending; a blank line right after a CR must not start with LF, or the two would merge into CRLF.
const eol = fc.constantFrom('\n', '\r\n', '\r');
const lineText = fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ''));

interface GenEvent {
  event: string | null;
  dataLines: string[];
  id: string | null;
  comment: string | null;
}

const genEvent: fc.Arbitrary<GenEvent> = fc.record({
  event: fc.option(lineText, { nil: null }),
  dataLines: fc.array(lineText, { minLength: 1, maxLength: 4 }),
  id: fc.option(
    lineText.map((s) => s.replace(/\u0000/g, '')),
    { nil: null },
  ),
  comment: fc.option(lineText, { nil: null }),
});

function serialise(
  events: GenEvent[],
  endings: string[],
  bom: boolean,
): { text: string; expected: SseEvent[] } {
  const lines: string[] = [];
  const expected: SseEvent[] = [];
  let lastId: string | null = null;
  for (const e of events) {
    if (e.comment !== null) lines.push(`:${e.comment}`);
    if (e.event !== null) lines.push(`event: ${e.event}`);
    if (e.id !== null) {
      lines.push(`id: ${e.id}`);
      lastId = e.id;
    }
    for (const d of e.dataLines) lines.push(`data: ${d}`);
    lines.push('');
    expected.push({
      event: e.event === null || e.event === '' ? 'message' : e.event,
      data: e.dataLines.join('\n'),
      id: lastId,
    });
  }
  let text = bom ? '\uFEFF' : '';
  let prev = '';
  lines.forEach((line, k) => {
    let end = endings[k % endings.length] ?? '\n';
    if (line === '' && prev === '\r' && end === '\n') end = '\r\n';
    text += line + end;
    prev = end;
  });
  return { text, expected };
}

describe('createSseParser: properties', () => {
  it('serialised events parse back, whatever the line endings and chunk boundaries (bytes)', () => {
    fc.assert(
      fc.property(
        fc.array(genEvent, { maxLength: 8 }),
        fc.array(eol, { minLength: 1, maxLength: 16 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 20 }),
        (events, endings, bom, cuts) => {
          const { text, expected } = serialise(events, endings, bom);
          const bytes = enc.encode(text);
          assert.deepEqual(parseAll(splitAt(bytes, cuts)), expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('serialised events parse back when fed as string chunks (even splitting surrogate pairs)', () => {
    fc.assert(
      fc.property(
        fc.array(genEvent, { maxLength: 8 }),
        fc.array(eol, { minLength: 1, maxLength: 16 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (events, endings, cuts) => {
          const { text, expected } = serialise(events, endings, false);
          assert.deepEqual(parseAll(splitAt(text, cuts)), expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds nothing once a complete stream has been fed', () => {
    fc.assert(
      fc.property(
        fc.array(genEvent, { maxLength: 6 }),
        fc.array(eol, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (events, endings, cuts) => {
          const { text, expected } = serialise(events, endings, false);
          const p = createSseParser();
          const got = splitAt(enc.encode(text), cuts).flatMap((c) => p.push(c));
          assert.deepEqual(got, expected);
          assert.equal(p.bufferedChars, 0);
        },
      ),
    );
  });

  it('every CRLF split between CR and LF is one line break', () => {
    fc.assert(
      fc.property(fc.array(genEvent, { minLength: 1, maxLength: 5 }), (events) => {
        const { text, expected } = serialise(events, ['\r\n'], false);
        const bytes = enc.encode(text);
        const cuts: number[] = [];
        bytes.forEach((b, k) => {
          if (b === 0x0d) cuts.push(k + 1);
        });
        assert.deepEqual(parseAll(splitAt(bytes, cuts)), expected);
      }),
    );
  });

  it('arbitrary bytes never throw, and chunking never changes the result', () => {
    const sseish = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            'data:',
            'data: x',
            'event:e',
            'id:1',
            ':',
            '\r',
            '\n',
            '\r\n',
            '\u00e9',
            '\uFEFF',
            '\u0000',
          ),
          {
            maxLength: 40,
          },
        )
        .map((parts) => enc.encode(parts.join(''))),
    );
    fc.assert(
      fc.property(sseish, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const whole = parseAll([bytes]);
        const chunked = parseAll(splitAt(bytes, cuts));
        assert.deepEqual(chunked, whole);
        for (const e of whole) {
          assert.equal(typeof e.event, 'string');
          assert.equal(typeof e.data, 'string');
          assert.ok(e.id === null || typeof e.id === 'string');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
