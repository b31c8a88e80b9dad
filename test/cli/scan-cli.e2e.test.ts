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
});
