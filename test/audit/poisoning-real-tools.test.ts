import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CHECKS } from '../../src/audit/checks/index.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';
import { loadCorpus } from './catalog-metrics.ts';
import { buildObservation } from './observation-builder.ts';

/**
 * False-alarm regression: the poisoning checks run over every real server of the npm corpus. Real
 * descriptions are long and directive ("IMPORTANT", "you MUST"), and none of them is poisoned; the only
 * findings allowed are the known, low-key shadowing ones listed here (each reviewed by hand).
 */
const POISONING_CHECKS = ALL_CHECKS.filter((c) =>
  [
    'tool-poisoning-instructions',
    'tool-hidden-unicode',
    'tool-hidden-content',
    'tool-shadowing',
    'tool-exfiltration-parameter',
  ].includes(c.id),
);

const KNOWN = new Set([
  // "Use this instead of 'execute_command'": names a tool the server does not have (an older name).
  'desktop-commander tool-shadowing list_directory medium',
  // "Do not automatically run any additional tools": restrictive steering of other tools.
  'circleci tool-shadowing list_followed_projects low',
  'circleci tool-shadowing list_component_versions low',
]);

test('no false poisoning alarms on 469 real tools', () => {
  const byServer = new Map<string, ToolInfo[]>();
  for (const entry of loadCorpus())
    byServer.set(entry.server, [...(byServer.get(entry.server) ?? []), entry.tool]);
  assert.equal(POISONING_CHECKS.length, 5);
  const seen: string[] = [];
  for (const [server, tools] of byServer) {
    const observation = buildObservation({ tools });
    for (const check of POISONING_CHECKS) {
      for (const f of check.run(observation, { baseline: null }))
        seen.push(`${server} ${f.checkId} ${f.subject} ${f.severity}`);
    }
  }
  assert.deepEqual(
    seen.filter((s) => !KNOWN.has(s)),
    [],
  );
});
