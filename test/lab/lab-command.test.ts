import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatLabTable, runLabCommand } from '../../src/cli/lab-command.ts';
import { isLockdownError } from '../../src/errors.ts';
import type { LabServerInfo } from '../../src/lab/lab-types.ts';
import { parseLoopbackHost } from '../../src/lab/loopback-host.ts';
import { LAB_SERVERS } from '../../src/lab/start-lab.ts';

function sink(): { write(text: string): boolean; text(): string } {
  let out = '';
  return {
    write(text: string) {
      out += text;
      return true;
    },
    text: () => out,
  };
}

const SAMPLE: LabServerInfo[] = [
  {
    id: 'open-session',
    title: 'Open server',
    url: 'http://127.0.0.1:4000/mcp',
    description: 'd',
    expected: {
      status: 'mcp-open',
      transport: 'streamable-http',
      era: '2025',
      authMode: 'none',
      tools: ['run_command'],
    },
  },
  {
    id: 'oauth-protected',
    title: 'Protected server',
    url: 'http://127.0.0.1:4004/mcp',
    description: 'd',
    expected: { status: 'mcp-auth-required', transport: null, era: null, authMode: 'required', tools: [] },
    credentials: { header: 'Authorization', value: 'Bearer abc' },
  },
];

describe('parseLoopbackHost', () => {
  test('accepts 127.0.0.0/8, ::1 and localhost', () => {
    assert.equal(parseLoopbackHost('127.0.0.1'), '127.0.0.1');
    assert.equal(parseLoopbackHost('127.255.3.4'), '127.255.3.4');
    assert.equal(parseLoopbackHost('::1'), '::1');
    assert.equal(parseLoopbackHost('[::1]'), '::1');
    assert.equal(parseLoopbackHost('LocalHost'), 'localhost');
  });

  test('refuses every other address with ERR_INVALID_OPTION', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '128.0.0.1',
      '127.0.0',
      '127.0.0.1.5',
      'example.com',
      '',
      '::2',
      '[::ffff:127.0.0.1]',
    ]) {
      assert.throws(
        () => parseLoopbackHost(host),
        (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
        host,
      );
    }
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        if (ip.startsWith('127.')) assert.equal(parseLoopbackHost(ip), ip);
        else
          assert.throws(
            () => parseLoopbackHost(ip),
            (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
          );
      }),
    );
  });
});

describe('formatLabTable', () => {
  test('renders aligned id, url and title columns, then the credentials', () => {
    const table = formatLabTable(SAMPLE);
    const lines = table.split('\n');
    assert.equal(lines[0], 'ID               URL                        DEMONSTRATES');
    assert.equal(lines[1], 'open-session     http://127.0.0.1:4000/mcp  Open server');
    assert.equal(lines[2], 'oauth-protected  http://127.0.0.1:4004/mcp  Protected server');
    assert.match(table, /\n {2}oauth-protected: Authorization: Bearer abc\n$/);
  });

  test('prints no credentials section when no server has credentials', () => {
    assert.doesNotMatch(formatLabTable(SAMPLE.slice(0, 1)), /Credentials/);
  });
});

describe('runLabCommand', () => {
  test('refuses a non-loopback host, a bad port and an unknown flag before starting anything', async () => {
    for (const argv of [
      ['--host', '0.0.0.0'],
      ['--host', '192.168.1.10'],
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--bogus'],
    ]) {
      await assert.rejects(
        runLabCommand(argv, { stdout: sink(), stderr: sink(), until: Promise.resolve() }),
        (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
      );
    }
  });

  test('--json prints the live server list, then stops when told to', async () => {
    const stdout = sink();
    let release: () => void = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = runLabCommand(['--json'], { stdout, stderr: sink(), until });
    while (!stdout.text().includes('\n')) await new Promise((r) => setTimeout(r, 10));
    const servers = JSON.parse(stdout.text()) as LabServerInfo[];
    assert.equal(servers.length, LAB_SERVERS.length);
    const res = await fetch(servers[0]?.url ?? '', { method: 'POST', body: '{}' });
    await res.body?.cancel();
    release();
    assert.equal(await run, 0);
    await assert.rejects(fetch(servers[0]?.url ?? ''));
  });

  test('end to end: a child process prints JSON, serves, and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [new URL('./run-lab-command.ts', import.meta.url).pathname, '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const servers = JSON.parse(first) as LabServerInfo[];
    assert.deepEqual(
      servers.map((s) => s.id),
      LAB_SERVERS.map((d) => d.id),
    );
    const lookalike = servers.find((s) => s.id === 'lookalike');
    const res = await fetch(lookalike?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'net_version' }),
    });
    assert.deepEqual(await res.json(), { jsonrpc: '2.0', id: 1, result: '1' });
    child.kill('SIGINT');
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    assert.equal(signal, null);
    assert.equal(code, 0, stderr);
  });
});
