import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAuditSink } from '../../src/guard/audit-sink.ts';

const dir = mkdtempSync(join(tmpdir(), 'audit-sink-'));
const read = (file: string): string => readFileSync(file, 'utf8');

describe('audit sink', () => {
  it('holds lines until the batch is full, then writes them all in order', () => {
    const file = join(dir, 'batch.jsonl');
    const sink = createAuditSink({ file }, { maxBatchBytes: 30, maxDelayMs: 60_000 });
    sink.write('{"n":1}\n');
    sink.write('{"n":2}\n');
    assert.equal(read(file), '', 'below the batch size nothing is written yet');
    sink.write('{"n":3}\n');
    sink.write('{"n":4}\n');
    assert.equal(read(file), '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n');
    sink.close();
  });

  it('writes a partial batch after the delay, and everything on close', async () => {
    const file = join(dir, 'delay.jsonl');
    const sink = createAuditSink({ file }, { maxBatchBytes: 1 << 20, maxDelayMs: 20 });
    sink.write('a\n');
    assert.equal(read(file), '');
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(read(file), 'a\n');
    sink.write('b\n');
    sink.close();
    assert.equal(read(file), 'a\nb\n');
    sink.write('after close\n');
    assert.equal(read(file), 'a\nb\n', 'nothing is written after close');
  });

  it('appends to an existing file and creates missing directories', () => {
    const file = join(dir, 'nested', 'deeper', 'append.jsonl');
    const first = createAuditSink({ file });
    first.write('one\n');
    first.close();
    const second = createAuditSink({ file });
    second.write('two\n');
    second.close();
    assert.equal(read(file), 'one\ntwo\n');
  });

  it('reports failing writes once while they keep failing, without throwing to the caller', () => {
    const errors: Error[] = [];
    // A descriptor that is not open fails every write, like a file on a vanished disk.
    const bad = createAuditSink({ fd: 987_654 }, { maxBatchBytes: 1, onError: (e) => errors.push(e) });
    bad.write('lost 1\n');
    bad.write('lost 2\n');
    assert.equal(errors.length, 1, 'one report while writes keep failing');
    assert.match(errors[0]?.message ?? '', /EBADF/);
    bad.close();
  });

  it('refuses a path it cannot open, at creation', () => {
    const blocker = join(dir, 'blocker');
    createAuditSink({ file: blocker }).close();
    assert.throws(() => createAuditSink({ file: join(blocker, 'audit.jsonl') }), /ENOTDIR|EEXIST/);
  });
});
