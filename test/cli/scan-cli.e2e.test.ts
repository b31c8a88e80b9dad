import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../../src/lab/lab-types.ts';
import { startLab } from '../../src/lab/start-lab.ts';

const BIN = fileURLToPath(new URL('../../bin/mcp-lockdown', import.meta.url));

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('mcp-lockdown scan (the real binary)', () => {
  let lab: Lab;
  let dir: string;
  before(async () => {
    lab = await startLab();
    dir = await mkdtemp(path.join(tmpdir(), 'mcp-lockdown-cli-'));
  });
  after(() => lab.stop());

  it('streams one JSON object per endpoint with the documented fields', async () => {
    const open = lab.servers.find((s) => s.id === 'open-session')!;
    const { code, stdout } = await run(['scan', open.url, '--jsonl', '-', '-q']);
    assert.equal(code, 0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    for (const key of [
      'target',
      'host',
      'port',
      'status',
      'transport',
      'protocolVersion',
      'serverInfo',
      'auth',
      'tools',
      'resources',
      'prompts',
      'timings',
      'error',
    ]) {
      assert.ok(key in lines[0], `has ${key}`);
    }
    assert.equal(lines[0].status, 'mcp-open');
    assert.deepEqual(
      lines[0].tools.map((t: { name: string }) => t.name).sort(),
      [...open.expected.tools].sort(),
    );
  });

  it('reads targets from stdin, reports a bad line with its number and goes on; writes --json', async () => {
    const open = lab.servers.find((s) => s.id === 'open-stateless')!;
    const json = path.join(dir, 'run.json');
    const input = `# targets\n${open.url}\n300.1.1.1:80\n\n127.0.0.1:1\n`;
    const { code, stderr, stdout } = await run(['scan', '-i', '-', '--json', json], input);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /line 3/);
    assert.match(stdout, /1 MCP servers? found, 1 answered tools\/list without authentication/);
    const runFile = JSON.parse(await readFile(json, 'utf8'));
    assert.equal(runFile.schemaVersion, 1);
    assert.deepEqual(runFile.results.map((r: { status: string }) => r.status).sort(), [
      'closed',
      'invalid-target',
      'mcp-open',
    ]);
    assert.equal(runFile.summary.openWithoutAuth, 1);
    assert.equal(runFile.summary.endpointsProbed, 2);
  });

  it('reads a masscan -oL list from a file', async () => {
    const open = lab.servers.find((s) => s.id === 'modern-2026')!;
    const port = new URL(open.url).port;
    const file = path.join(dir, 'masscan.txt');
    await writeFile(file, `#masscan\nopen tcp ${port} 127.0.0.1 1700000000\n# end\n`);
    const { code, stdout } = await run(['scan', '-i', file, '--jsonl', '-', '-q']);
    assert.equal(code, 0);
    const [line] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(line.status, 'mcp-open');
    assert.equal(line.era, '2026-07-28');
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const none = await run(['scan']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no targets/);
    const badPorts = await run(['scan', '127.0.0.1', '--ports', '70000']);
    assert.equal(badPorts.code, 2);
    assert.match(badPorts.stderr, /ERR_INVALID_OPTION/);
    const badFlag = await run(['scan', '--bogus']);
    assert.equal(badFlag.code, 2);
    const missing = await run(['scan', '-i', path.join(dir, 'missing.txt')]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /ERR_INPUT_READ/);
  });

  it('prints help and the version', async () => {
    assert.match((await run(['scan', '--help'])).stdout, /authorized to scan/);
    assert.match((await run(['--version'])).stdout, /^\d+\.\d+\.\d+/);
    assert.equal((await run(['nonsense'])).code, 2);
  });

  it('--fail-on exits 1 when a finding at or above the severity remains, 0 otherwise', async () => {
    const open = lab.servers.find((s) => s.id === 'open-session')!;
    const locked = lab.servers.find((s) => s.id === 'oauth-protected')!;
    assert.equal((await run(['scan', open.url, '--fail-on', 'critical', '-q'])).code, 1);
    assert.equal((await run(['scan', locked.url, '--fail-on', 'high', '-q'])).code, 0);
    const bad = await run(['scan', open.url, '--fail-on', 'severe']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--fail-on must be one of/);
  });

  it('--baseline reports a tool whose definition changed since the earlier scan (rug pull)', async () => {
    const open = lab.servers.find((s) => s.id === 'open-stateless')!;
    const first = path.join(dir, 'first.json');
    assert.equal((await run(['scan', open.url, '--json', first, '-q'])).code, 0);
    const unchanged = await run(['scan', open.url, '--baseline', first, '--jsonl', '-', '-q']);
    const same = JSON.parse(unchanged.stdout.trim());
    assert.ok(!same.findings.some((f: { checkId: string }) => f.checkId.endsWith('-since-baseline')));
    // Pretend the approved definition was different: now the live one has changed since the baseline.
    const saved = JSON.parse(await readFile(first, 'utf8'));
    saved.results[0].tools[0].description = 'An earlier, harmless description';
    await writeFile(first, JSON.stringify(saved));
    const drifted = await run(['scan', open.url, '--baseline', first, '--jsonl', '-', '-q']);
    const result = JSON.parse(drifted.stdout.trim());
    const changed = result.findings.filter(
      (f: { checkId: string }) => f.checkId === 'tool-changed-since-baseline',
    );
    assert.equal(changed.length, 1);
    assert.equal(changed[0].subject, saved.results[0].tools[0].name);
  });

  it('--ignore suppresses a named finding for a named target and keeps the reason', async () => {
    const open = lab.servers.find((s) => s.id === 'open-session')!;
    const ignore = path.join(dir, 'ignore.yaml');
    await writeFile(
      ignore,
      `- check: capability-command-execution\n  target: ${open.url}\n  reason: lab server, simulated tools\n`,
    );
    const { code, stdout } = await run(['scan', open.url, '--ignore', ignore, '--jsonl', '-', '-q']);
    assert.equal(code, 0);
    const result = JSON.parse(stdout.trim());
    assert.ok(
      !result.findings.some((f: { checkId: string }) => f.checkId === 'capability-command-execution'),
    );
    assert.deepEqual(
      result.suppressed.map((s: { finding: { checkId: string }; reason: string }) => [
        s.finding.checkId,
        s.reason,
      ]),
      [['capability-command-execution', 'lab server, simulated tools']],
    );
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, '- check: x\n  target: y\n');
    const bad = await run(['scan', open.url, '--ignore', broken]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ERR_INVALID_CONFIG/);
  });
});
