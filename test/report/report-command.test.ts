import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runDiffCommand } from '../../src/cli/diff-command.ts';
import { runReportCommand } from '../../src/cli/report-command.ts';
import { fixturePath } from './report-fixtures.ts';

function io(env: NodeJS.ProcessEnv = {}, isTTY = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return { io: { stdout, stderr, env, isTTY }, out: () => out.join(''), err: () => err.join('') };
}

test('report: every format renders a saved run to stdout', async () => {
  const expectations: Record<string, RegExp> = {
    text: /5 MCP servers found/,
    json: /"schemaVersion": 1/,
    html: /^<!doctype html>/,
    sarif: /"version": "2\.1\.0"/,
    csv: /^target,status,server/,
    md: /^# MCP exposure report/,
  };
  for (const [format, pattern] of Object.entries(expectations)) {
    const t = io();
    assert.equal(
      await runReportCommand([fixturePath('sample-run.json'), '--format', format], t.io),
      0,
      format,
    );
    assert.match(t.out(), pattern, format);
  }
});

test('report: color only on a TTY without NO_COLOR', async () => {
  const tty = io({}, true);
  await runReportCommand([fixturePath('sample-run.json')], tty.io);
  assert.match(tty.out(), /\u001b\[/);
  const noColor = io({ NO_COLOR: '1' }, true);
  await runReportCommand([fixturePath('sample-run.json')], noColor.io);
  assert.doesNotMatch(noColor.out(), /\u001b/);
  const pipe = io({}, false);
  await runReportCommand([fixturePath('sample-run.json')], pipe.io);
  assert.doesNotMatch(pipe.out(), /\u001b/);
});

test('report --output writes the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-lockdown-report-'));
  try {
    const t = io({}, true);
    const file = join(dir, 'r.html');
    assert.equal(
      await runReportCommand([fixturePath('observations.jsonl'), '-f', 'html', '-o', file], t.io),
      0,
    );
    assert.match(await readFile(file, 'utf8'), /<b>5<\/b> MCP servers found/);
    assert.equal(t.out(), '');
    assert.match(t.err(), /Wrote html report/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('report: usage errors exit 2, unreadable or invalid input exits 3 with the code', async () => {
  for (const argv of [
    [],
    ['a.json', 'b.json'],
    [fixturePath('sample-run.json'), '--format', 'pdf'],
    ['--bogus', 'x'],
  ]) {
    const t = io();
    assert.equal(await runReportCommand(argv, t.io), 2, argv.join(' '));
    assert.match(t.err(), /Usage: mcp-lockdown report/);
  }
  const missing = io();
  assert.equal(await runReportCommand(['/nonexistent/run.json'], missing.io), 3);
  assert.match(missing.err(), /ERR_INPUT_READ/);
  const bad = io();
  assert.equal(await runReportCommand([fixturePath('../schemas/README.md')], bad.io), 3);
  assert.match(bad.err(), /ERR_RESULTS_FORMAT: .*line 1/);
  const help = io();
  assert.equal(await runReportCommand(['--help'], help.io), 0);
  assert.match(help.out(), /Exit codes/);
});

test('diff: exit 0 when unchanged, 1 with changes, 2 on usage errors, 3 on bad input', async () => {
  const same = io();
  assert.equal(
    await runDiffCommand([fixturePath('sample-run.json'), fixturePath('sample-run.jsonl')], same.io),
    0,
  );
  assert.match(same.out(), /No changes/);
  const changed = io();
  assert.equal(
    await runDiffCommand([fixturePath('sample-run.json'), fixturePath('sample-run-later.json')], changed.io),
    1,
  );
  assert.match(changed.out(), /Servers appeared \(1\)/);
  const json = io();
  assert.equal(
    await runDiffCommand(
      [fixturePath('sample-run.json'), fixturePath('sample-run-later.json'), '--format', 'json'],
      json.io,
    ),
    1,
  );
  assert.equal(JSON.parse(json.out()).appeared[0].target, 'http://10.20.0.77:3001/mcp');
  const usage = io();
  assert.equal(await runDiffCommand([fixturePath('sample-run.json')], usage.io), 2);
  assert.equal(
    await runDiffCommand(
      [fixturePath('sample-run.json'), fixturePath('sample-run.json'), '-f', 'xml'],
      io().io,
    ),
    2,
  );
  const missing = io();
  assert.equal(await runDiffCommand([fixturePath('sample-run.json'), '/nonexistent.json'], missing.io), 3);
  assert.match(missing.err(), /ERR_INPUT_READ/);
});
