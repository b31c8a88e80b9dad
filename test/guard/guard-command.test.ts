import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { flagsToConfig, runGuardCommand } from '../../src/cli/guard-command.ts';
import { splitCommandLine } from '../../src/cli/split-command.ts';
import { checkBindSafety } from '../../src/guard/bind-safety.ts';
import { loadGuardConfig } from '../../src/guard/config/load-guard-config.ts';
import { INIT, makeKeyStore, rawPost } from './guard-harness.ts';
import { freePort, waitForPort } from './spawn-helpers.ts';
import { type RecordingServer, startRecordingStatelessServer } from './upstream-fixtures.ts';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

describe('splitCommandLine', () => {
  it('splits like a shell without running one', () => {
    assert.deepEqual(splitCommandLine(`npx -y "@scope/pkg" 'a b' c\\ d "x\\"y" $HOME`), [
      'npx',
      '-y',
      '@scope/pkg',
      'a b',
      'c d',
      'x"y',
      '$HOME',
    ]);
    assert.deepEqual(splitCommandLine(`  `), []);
    assert.deepEqual(splitCommandLine(`a "" b`), ['a', '', 'b']);
    assert.throws(() => splitCommandLine(`a "b`), { code: 'ERR_INVALID_OPTION' });
    assert.throws(() => splitCommandLine(`a \\`), { code: 'ERR_INVALID_OPTION' });
  });

  it('round-trips any word list quoted with single quotes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 8 }), (words) => {
        const line = words.map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(' ');
        assert.deepEqual(splitCommandLine(line), words);
      }),
    );
  });

  it('never throws anything but ERR_INVALID_OPTION on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        try {
          splitCommandLine(line);
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'ERR_INVALID_OPTION');
        }
      }),
    );
  });
});

describe('runGuardCommand startup failures', () => {
  it('prints the code and exits 2 for a bad flag value, naming the config key', async () => {
    const c = capture();
    const code = await runGuardCommand(
      ['--upstream', 'http://127.0.0.1:1/mcp', '--requests-per-minute', 'lots'],
      c.io,
    );
    assert.equal(code, 2);
    assert.match(c.err(), /ERR_INVALID_CONFIG: .*limits\.requestsPerMinute/);
  });

  it('refuses a public bind without auth (ERR_UNSAFE_BIND)', async () => {
    const c = capture();
    const code = await runGuardCommand(
      ['--upstream', 'http://127.0.0.1:1/mcp', '--listen', '0.0.0.0:0'],
      c.io,
    );
    assert.equal(code, 2);
    assert.match(c.err(), /ERR_UNSAFE_BIND/);
  });

  it('allows it with --allow-unauthenticated, with a warning (checked without binding beyond loopback)', async () => {
    const config = await loadGuardConfig({
      flags: flagsToConfig({
        upstream: 'http://127.0.0.1:1/mcp',
        listen: '0.0.0.0:6280',
        'allow-unauthenticated': true,
      }),
    });
    const warnings: string[] = [];
    checkBindSafety(config, (m) => warnings.push(m));
    assert.match(warnings[0] ?? '', /WARNING: listening on 0\.0\.0\.0/);
    const keys = makeKeyStore(['k']);
    const authed = await loadGuardConfig({
      flags: flagsToConfig({
        upstream: 'http://127.0.0.1:1/mcp',
        listen: '0.0.0.0:6280',
        'api-keys': keys.file,
        'public-url': 'https://mcp.example.com/mcp',
      }),
    });
    const none: string[] = [];
    checkBindSafety(authed, (m) => none.push(m));
    assert.deepEqual(none, []);
  });

  it('fails at startup, naming audit.file, when the audit log cannot be opened', async () => {
    const c = capture();
    const blocker = join(mkdtempSync(join(tmpdir(), 'guard-audit-')), 'a-file');
    writeFileSync(blocker, '');
    const code = await runGuardCommand(
      [
        '--upstream',
        'http://127.0.0.1:1/mcp',
        '--listen',
        '127.0.0.1:0',
        '--audit-file',
        join(blocker, 'audit.jsonl'),
      ],
      c.io,
    );
    assert.equal(code, 2);
    assert.match(c.err(), /ERR_INVALID_CONFIG: audit\.file: cannot open .*a-file\/audit\.jsonl/);
  });

  it('fails fast when the stdio command does not exist (ERR_UPSTREAM)', async () => {
    const c = capture();
    const code = await runGuardCommand(
      ['--upstream-command', 'definitely-not-a-command-xyz --flag', '--listen', '127.0.0.1:0'],
      c.io,
    );
    assert.equal(code, 2);
    assert.match(c.err(), /ERR_UPSTREAM/);
  });
});

describe('launcher', () => {
  it('runs the guard in the same process with the larger young generation, and stops on SIGTERM', async () => {
    const port = await freePort();
    // Executed as a program, so its shebang flags apply as they do for users.
    const child = spawn(
      'bin/mcp-lockdown',
      [
        'guard',
        '--upstream',
        'http://127.0.0.1:1/mcp',
        '--listen',
        `127.0.0.1:${port}`,
        '--allow-unauthenticated',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitForPort(port);
      // Same pid (execve): a supervisor's signals reach the guard itself.
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes('--max-semi-space-size=32'), cmdline.join(' '));
      assert.ok(!cmdline.includes('--max-semi-space-size=8'), 'the scan-sized flag is replaced, not doubled');
      assert.ok(cmdline.includes('--max-old-space-size=1024'), 'the other launcher flags are kept');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});

describe('SIGTERM drain (real child process)', () => {
  let upstream: RecordingServer;
  const store = makeKeyStore(['user']);
  const dir = mkdtempSync(join(tmpdir(), 'guard-sigterm-'));
  before(async () => {
    upstream = await startRecordingStatelessServer({ json: true });
  });
  after(() => upstream.close());

  it('finishes the in-flight call, flushes the audit log and exits 0', async () => {
    const port = await freePort();
    const auditFile = join(dir, 'audit.jsonl');
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, '- principals: { keys: [user] }\n  allow: { tools: ["*"] }\n');
    const child = spawn(
      process.execPath,
      [
        'test/guard/run-guard-cli.ts',
        '--upstream',
        upstream.url,
        '--api-keys',
        store.file,
        '--policy',
        policyFile,
        '--listen',
        `127.0.0.1:${port}`,
        '--audit-file',
        auditFile,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForPort(port);
    const url = `http://127.0.0.1:${port}/mcp`;
    const auth = { authorization: `Bearer ${store.keys.user}` };
    assert.equal((await rawPost(url, INIT, auth)).status, 200);
    const slow = rawPost(
      url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow_count', arguments: { n: 8 } } },
      {
        ...auth,
        'mcp-protocol-version': '2025-06-18',
      },
    );
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    const finished = await slow;
    assert.equal(finished.status, 200);
    assert.match(finished.text, /counted to 8/);
    assert.equal(await exited, 0, stderr);
    const lines = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const call = lines.find((l) => l.method === 'tools/call');
    assert.ok(call, 'the drained call is in the audit log');
    assert.equal(call.status, 200);
    assert.equal(call.name, 'slow_count');
    assert.equal(call.principal, 'key:user');
    assert.ok(call.upstreamMs >= 0);
  });
});
