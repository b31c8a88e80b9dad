import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isLockdownError } from '../../src/errors.ts';
import { loadRun, parseRunText } from '../../src/report/load-run.ts';
import { fixturePath, loadFixture } from './report-fixtures.ts';

test('loadRun reads a --json run file as is', async () => {
  const run = await loadRun(fixturePath('sample-run.json'));
  assert.deepEqual(run, loadFixture('sample-run.json'));
});

test('loadRun reads a --jsonl stream of results and synthesises the run around it', async () => {
  const run = await loadRun(fixturePath('sample-run.jsonl'));
  const reference = loadFixture('sample-run.json');
  assert.deepEqual(run.results, reference.results);
  assert.deepEqual({ ...run.summary, durationMs: 0 }, { ...reference.summary, durationMs: 0 });
  assert.equal(run.startedAt, '2026-11-13T09:00:00.000Z');
  assert.equal(run.schemaVersion, 1);
});

test('loadRun reads bare observations: empty findings, risk none, summary tallied', async () => {
  const run = await loadRun(fixturePath('observations.jsonl'));
  assert.equal(run.results.length, 10);
  for (const r of run.results) {
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.suppressed, []);
    assert.deepEqual(r.risk, { level: 'none', score: 0 });
  }
  assert.equal(run.summary.openWithoutAuth, 3);
  assert.equal(run.summary.toolsExposed, 7);
  assert.equal(run.summary.findingsBySeverity.critical, 0);
});

function expectFormatError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(isLockdownError(error, 'ERR_RESULTS_FORMAT'), String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('ERR_RESULTS_FORMAT names the line and the field at fault', async () => {
  const lines = (await readFile(fixturePath('sample-run.jsonl'), 'utf8')).trim().split('\n');
  const bad = JSON.parse(lines[2] as string);
  bad.status = 'owned';
  const text = [lines[0], lines[1], JSON.stringify(bad)].join('\n');
  expectFormatError(
    () => parseRunText('r.jsonl', text),
    /^r\.jsonl: line 3: field `\(line\)\.status`: expected one of "mcp-open"/,
  );
  expectFormatError(() => parseRunText('r.jsonl', `${lines[0]}\n{not json\n`), /line 2: not valid JSON/);
  expectFormatError(
    () => parseRunText('r.jsonl', `${lines[0]}\n[1,2]\n`),
    /line 2: .*expected a JSON object per line/,
  );
  const badFinding = JSON.parse(lines[0] as string);
  badFinding.findings[1].severity = 'urgent';
  expectFormatError(
    () => parseRunText('r.jsonl', JSON.stringify(badFinding)),
    /line 1: field `\(line\)\.findings\[1\]\.severity`/,
  );
  expectFormatError(() => parseRunText('r.jsonl', '\n\n'), /no results/);
});

test('ERR_RESULTS_FORMAT for a run file names the JSON path', () => {
  const run = loadFixture('sample-run.json');
  Object.assign(run.results[4] as object, { tools: 'many' });
  expectFormatError(
    () => parseRunText('run.json', JSON.stringify(run, null, 2)),
    /field `results\[4\]\.tools`: expected an array/,
  );
  const v2 = { ...loadFixture('sample-run.json'), schemaVersion: 2 };
  expectFormatError(() => parseRunText('run.json', JSON.stringify(v2)), /unsupported schema version 2/);
  const noSummary = { ...loadFixture('sample-run.json'), summary: undefined };
  expectFormatError(() => parseRunText('run.json', JSON.stringify(noSummary)), /field `summary`/);
  expectFormatError(
    () => parseRunText('run.json', '{\n  "schemaVersion": 1,\n'),
    /run\.json: not valid JSON/,
  );
});

test('ERR_INPUT_READ for a missing file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-lockdown-load-'));
  try {
    await assert.rejects(loadRun(join(dir, 'missing.json')), (error: unknown) => {
      assert.ok(isLockdownError(error, 'ERR_INPUT_READ'));
      assert.match(error.message, /ENOENT/);
      return true;
    });
    await writeFile(join(dir, 'bom.json'), `\ufeff${await readFile(fixturePath('sample-run.json'), 'utf8')}`);
    assert.equal((await loadRun(join(dir, 'bom.json'))).results.length, 10);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('parseRunText: arbitrary input either parses or fails with ERR_RESULTS_FORMAT, never anything else', () => {
  const line = JSON.stringify(loadFixture('sample-run.json').results[0]);
  const inputs = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .tuple(fc.nat(line.length), fc.string({ maxLength: 5 }))
      .map(([cut, junk]) => line.slice(0, cut) + junk + line.slice(cut)),
  );
  fc.assert(
    fc.property(inputs, (text) => {
      try {
        parseRunText('x', text);
      } catch (error) {
        assert.ok(isLockdownError(error, 'ERR_RESULTS_FORMAT'), String(error));
      }
    }),
    { numRuns: 1000 },
  );
});
