import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startGuardedLabServer } from '../../src/guard/guarded-lab-server.ts';
import type { LabServerHandle } from '../../src/lab/lab-server.ts';
import { openSessionServer } from '../../src/lab/open-session-server.ts';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';

async function scanOne(url: string): Promise<Observation> {
  for await (const o of scan([url])) return o;
  throw new Error('no observation');
}

describe('exposed -> guarded -> rescanned', () => {
  let lab: LabServerHandle;
  before(async () => {
    lab = await openSessionServer.start('127.0.0.1', 0);
  });
  after(() => lab.close());

  it('the scanner reports the guarded server as mcp-auth-required with its metadata', async () => {
    const exposed = await scanOne(lab.info.url);
    assert.equal(exposed.status, 'mcp-open');
    const guarded = await startGuardedLabServer(lab.info.url);
    try {
      const locked = await scanOne(guarded.url);
      assert.equal(locked.status, 'mcp-auth-required');
      assert.equal(locked.auth.httpStatus, 401);
      assert.ok(
        locked.auth.challenges.some(
          (c) => c.scheme.toLowerCase() === 'bearer' && 'resource_metadata' in c.params,
        ),
      );
      assert.equal(locked.auth.resourceMetadata?.document?.resource, guarded.url);
    } finally {
      await guarded.close();
    }
  });
});
