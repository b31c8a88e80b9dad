/**
 * @modelcontextprotocol/conformance server scenarios against server-everything, directly and through
 * the guard (unauthenticated loopback access allowed for this run): every scenario must end the same,
 * except dns-rebinding-protection, which the guard must pass in full (it adds the Host/Origin checks).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningGuard, startGuard } from './guard-harness.ts';
import { type Spawned, startEverythingHttp } from './spawn-helpers.ts';

const CONFORMANCE = resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js');

type Outcome = Record<string, Record<string, string>>;

function runConformance(url: string): Promise<Outcome> {
  const out = mkdtempSync(join(tmpdir(), 'guard-conformance-'));
  return new Promise((ok, fail) => {
    execFile(
      process.execPath,
      [CONFORMANCE, 'server', '--url', url, '-o', out],
      { cwd: out, timeout: 240_000 },
      (error) => {
        // Exit code 1 means some scenario failed, which server-everything does by design; compare details.
        if (error && typeof error.code !== 'number') return fail(error);
        const outcome: Outcome = {};
        for (const dir of readdirSync(out)) {
          const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
          const checks = JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as {
            id: string;
            status: string;
          }[];
          outcome[scenario] = Object.fromEntries(checks.map((c) => [c.id, c.status]));
        }
        ok(outcome);
      },
    );
  });
}

describe('conformance server scenarios: direct vs through the guard', { timeout: 600_000 }, () => {
  let everything: Spawned;
  let g: RunningGuard;
  before(async () => {
    everything = await startEverythingHttp();
    g = await startGuard({ upstream: { url: everything.url }, allowUnauthenticated: true });
  });
  after(async () => {
    await g.close();
    await everything.stop();
  });

  it('gives the same result for every scenario and check', async () => {
    const direct = await runConformance(everything.url);
    const guarded = await runConformance(g.url);
    assert.ok(Object.keys(direct).length >= 25, `ran ${Object.keys(direct).length} scenarios`);
    assert.deepEqual(Object.keys(guarded).sort(), Object.keys(direct).sort());
    for (const scenario of Object.keys(direct)) {
      if (scenario === 'dns-rebinding-protection') {
        assert.ok(
          Object.values(guarded[scenario] ?? {}).every((s) => s === 'SUCCESS'),
          JSON.stringify(guarded[scenario]),
        );
        continue;
      }
      assert.deepEqual(guarded[scenario], direct[scenario], scenario);
    }
    assert.ok(Object.values(direct).some((checks) => Object.values(checks).includes('SUCCESS')));
  });
});
