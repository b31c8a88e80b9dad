import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createJsonlWriter, formatJsonlLine } from '../../src/report/jsonl-writer.ts';
import { parseRunText } from '../../src/report/load-run.ts';
import { renderJson } from '../../src/report/render-json.ts';
import type { ScanRun } from '../../src/scan/scan-run.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';
import { runValidator } from './schema-validators.ts';

test('renderJson output validates against docs/schema/scan-run.schema.json', () => {
  const v = runValidator();
  for (const run of [loadFixture('sample-run.json'), loadFixture('sample-run-later.json'), hostileRun()]) {
    const ok = v.run(JSON.parse(renderJson(run)));
    assert.ok(ok, JSON.stringify(v.run.errors?.slice(0, 3)));
  }
});

test('the schema rejects what the contract forbids', () => {
  const v = runValidator();
  const run = JSON.parse(renderJson(loadFixture('sample-run.json')));
  const bad = [
    (r: ScanRun) => Object.assign(r.results[0] as object, { status: 'pwned' }),
    (r: ScanRun) => Object.assign(r.results[0] as object, { surprise: true }),
    (r: ScanRun) => Object.assign(r.results[0]?.findings[0] as object, { severity: 'urgent' }),
    (r: ScanRun) => Object.assign(r, { schemaVersion: 2 }),
    (r: ScanRun) => delete (r.summary as Partial<ScanRun['summary']>).byStatus,
  ];
  for (const mutate of bad) {
    const copy = structuredClone(run);
    mutate(copy);
    assert.equal(v.run(copy), false);
  }
});

test('JSONL lines validate as results, and bare observations as observations', () => {
  const v = runValidator();
  for (const r of loadFixture('sample-run.json').results) {
    assert.ok(v.result(JSON.parse(formatJsonlLine(r))), JSON.stringify(v.result.errors));
    const { findings: _f, suppressed: _s, risk: _r, ...observation } = r;
    assert.ok(v.observation(observation), JSON.stringify(v.observation.errors));
    assert.equal(v.observation(r), false, 'a result is not a bare observation');
  }
});

test('renderJson: stable key order, byte-identical for equal runs whatever the input key order', () => {
  const run = loadFixture('sample-run.json');
  const shuffled = JSON.parse(JSON.stringify(run), (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).reverse())
      : value,
  );
  assert.equal(renderJson(shuffled), renderJson(run));
  const keys = Object.keys(JSON.parse(renderJson(shuffled)));
  assert.deepEqual(keys, [
    'schemaVersion',
    'tool',
    'startedAt',
    'finishedAt',
    'options',
    'results',
    'summary',
  ]);
  const first = JSON.parse(renderJson(shuffled)).results[0];
  assert.deepEqual(Object.keys(first).slice(0, 3), ['target', 'input', 'host']);
  assert.deepEqual(Object.keys(first).slice(-3), ['findings', 'suppressed', 'risk']);
});

test('renderJson round-trips through loadRun unchanged', () => {
  const run = hostileRun();
  assert.equal(renderJson(parseRunText('x.json', renderJson(run))), renderJson(run));
});

test('JSONL writer: one line per result, in order, waits for drain under backpressure', async () => {
  const stream = new PassThrough({ highWaterMark: 64 });
  const chunks: string[] = [];
  const run = loadFixture('sample-run.json');
  const writer = createJsonlWriter(stream);
  const pending = run.results.map((r) => writer.write(r));
  // Nothing is read yet: the writer must be waiting for 'drain'.
  let settled = false;
  void Promise.all(pending).then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  await Promise.all(pending);
  assert.equal(writer.count, run.results.length);
  const lines = chunks.join('').split('\n').filter(Boolean);
  assert.deepEqual(
    lines.map((l) => JSON.parse(l).target),
    run.results.map((r) => r.target),
  );
  assert.equal(
    renderJson(parseRunText('s.jsonl', lines.join('\n'))).includes('"synthesizedFrom": "jsonl"'),
    true,
  );
});
