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
  // Round 3 of the corpus (reviewed by hand, none is poisoned; recorded here so the alarms stay visible):
  // a password manager's create tool, whose schema is about secrets by design.
  '1password tool-exfiltration-parameter password_create high',
  // Generated API docs: "use the `predictions.create` operation instead" names API operations, not
  // tools, and a curl example names a metadata field; `metadata` on an upload reads as a catch-all.
  'replicate tool-shadowing list_models_examples medium',
  'replicate tool-shadowing create_models_predictions medium',
  'replicate tool-shadowing create_predictions medium',
  'replicate tool-shadowing create_files medium',
  'replicate tool-exfiltration-parameter create_files high',
  // Chat-completion tools take the conversation as `messages`: that is their input, not a side channel.
  'perplexity tool-exfiltration-parameter perplexity_ask medium',
  'perplexity tool-exfiltration-parameter perplexity_research medium',
  'perplexity tool-exfiltration-parameter perplexity_reason medium',
  // Example calls and query syntax with placeholder organisation and project names.
  'sentry tool-shadowing analyze_issue_with_seer medium',
  'sentry tool-shadowing search_issues medium',
]);

test('no false poisoning alarms on the real tools of the corpus', () => {
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
