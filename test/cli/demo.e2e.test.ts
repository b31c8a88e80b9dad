import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mcp-lockdown', import.meta.url));

describe('mcp-lockdown demo (the built-in default)', () => {
  it('scans the lab, closes the loop exposed -> guarded -> rescanned, and writes every report', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'mcp-lockdown-demo-'));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'demo', '--out', out], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => {
        text += c;
      });
      child.on('close', (exit) => resolve({ code: exit, stdout: text }));
    });
    assert.equal(code, 0);
    assert.match(stdout, /8 MCP servers found, 5 answered tools\/list without authentication/);
    assert.match(stdout, /Closing the loop/);
    assert.match(stdout, /guarded .* mcp-auth-required; risk none 0, 0 findings/);
    assert.match(stdout, /authorization server: http:\/\/127\.0\.0\.1:\d+\n/);
    const run = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8'));
    assert.equal(run.results.length, 9);
    const loop = JSON.parse(await readFile(path.join(out, 'rescan.json'), 'utf8'));
    assert.equal(loop.exposed.status, 'mcp-open');
    assert.equal(loop.guarded.status, 'mcp-auth-required');
    assert.equal(loop.withKey.status, 'mcp-open');
    assert.deepEqual(
      loop.withKey.tools.map((t: { name: string }) => t.name),
      loop.exposed.tools.map((t: { name: string }) => t.name),
    );
    const sarif = JSON.parse(await readFile(path.join(out, 'report.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.match(await readFile(path.join(out, 'report.html'), 'utf8'), /^<!doctype html>/i);
  });
});
