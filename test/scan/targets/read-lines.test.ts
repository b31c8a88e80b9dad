import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { isLockdownError } from '../../../src/errors.ts';
import { MAX_LINE_BYTES, readLines, type SourceLine } from '../../../src/scan/targets/read-lines.ts';

async function collect(lines: AsyncIterable<SourceLine>): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

function chunksOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = Math.max(start, point);
  }
  return chunks;
}

describe('readLines: files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-lockdown-read-lines-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers lines from 1, strips CRLF and a BOM, keeps a last line without newline', async () => {
    const path = join(dir, 'targets.txt');
    await writeFile(path, '\ufeffa.example\r\n\r\n# comment\nb.example:3000\n[::1]:8000');
    assert.deepEqual(await collect(readLines(path)), [
      { text: 'a.example', line: 1 },
      { text: '', line: 2 },
      { text: '# comment', line: 3 },
      { text: 'b.example:3000', line: 4 },
      { text: '[::1]:8000', line: 5 },
    ]);
  });

  it('reports an over-long line by number and goes on with the next', async () => {
    const path = join(dir, 'long.txt');
    await writeFile(path, `first\n${'x'.repeat(MAX_LINE_BYTES * 3)}\nthird\n`);
    const lines = await collect(readLines(path));
    assert.equal(lines.length, 3);
    assert.deepEqual(lines[0], { text: 'first', line: 1 });
    assert.equal(lines[1]?.line, 2);
    assert.match(lines[1]?.error ?? '', /line 2 is longer than 65536 bytes/);
    assert.ok((lines[1]?.text.length ?? 0) < 100);
    assert.deepEqual(lines[2], { text: 'third', line: 3 });
  });

  it('accepts a line of exactly the cap', async () => {
    const path = join(dir, 'exact.txt');
    await writeFile(path, `${'y'.repeat(MAX_LINE_BYTES)}\n`);
    const lines = await collect(readLines(path));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.error, undefined);
    assert.equal(lines[0]?.text.length, MAX_LINE_BYTES);
  });

  it('fails with ERR_INPUT_READ for a missing file or a directory', async () => {
    await assert.rejects(
      collect(readLines(join(dir, 'missing.txt'))),
      (error: unknown) =>
        isLockdownError(error, 'ERR_INPUT_READ') && /missing\.txt.*ENOENT/.test(error.message),
    );
    await assert.rejects(collect(readLines(dir)), (error: unknown) =>
      isLockdownError(error, 'ERR_INPUT_READ'),
    );
  });

  it('yields nothing for an empty file', async () => {
    const path = join(dir, 'empty.txt');
    await writeFile(path, '');
    assert.deepEqual(await collect(readLines(path)), []);
  });
});

describe('readLines: stdin', () => {
  it('reads "-" from the given stream, joining lines split across chunks (even inside a character)', async () => {
    const bytes = Buffer.from('héllo.example\r\nwörld:3000\n', 'utf8');
    const chunks = [
      bytes.subarray(0, 2),
      bytes.subarray(2, 3),
      bytes.subarray(3, 14),
      bytes.subarray(14, 18),
      bytes.subarray(18),
    ];
    assert.deepEqual(await collect(readLines('-', Readable.from(chunks))), [
      { text: 'héllo.example', line: 1 },
      { text: 'wörld:3000', line: 2 },
    ]);
  });

  it('accepts string chunks', async () => {
    assert.deepEqual(await collect(readLines('-', Readable.from(['a\nb', 'c\n'], { objectMode: true }))), [
      { text: 'a', line: 1 },
      { text: 'bc', line: 2 },
    ]);
  });

  it('wraps a stream error as ERR_INPUT_READ', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('pipe broke'));
      },
    });
    await assert.rejects(
      collect(readLines('-', failing)),
      (error: unknown) => isLockdownError(error, 'ERR_INPUT_READ') && /stdin.*pipe broke/.test(error.message),
    );
  });

  it('gives the same lines however the input is chunked', async () => {
    const text = fc
      .array(fc.constantFrom('a', 'é', '€', '𝄞', '\n', '\r\n', ' ', '#'), { maxLength: 60 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (input, cuts) => {
        const bytes = Buffer.from(input, 'utf8');
        const lines = await collect(readLines('-', Readable.from(chunksOf(bytes, cuts))));
        const expected = input.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (expected.at(-1) === '') expected.pop();
        assert.deepEqual(
          lines.map((l) => l.text),
          expected,
        );
        assert.deepEqual(
          lines.map((l) => l.line),
          expected.map((_, i) => i + 1),
        );
      }),
      { numRuns: 300 },
    );
  });
});
