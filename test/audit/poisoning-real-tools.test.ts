import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CHECKS } from '../../src/audit/checks/index.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';
import { loadCorpus } from './catalog-metrics.ts';
import { buildObservation } from './observation-builder.ts';

/**
 * False-alarm regression: the poisoning checks run over every real server of the npm corpus. Real
 * descriptions are long and directive ("IMPORTANT", "you MUST"), and none of them is poisoned; the only
 * findings allowed are the reviewed ones listed in KNOWN, each with its reason.
 *
 * History: 14 alarms after round 3 (11 medium/high). Gone since, by general rules (docs/checks/):
 * - tool-shadowing: API operations and objects (`predictions.create` operation, `default_example`
 *   object), identifiers in code blocks and curl examples, and sample argument values (`org='my-org'`,
 *   "e.g. 'my-project'") are not tool references unless the sentence redirects data or rewrites a tool;
 *   descriptions are split by paragraph, list item and code line, so a "must" in one bullet no longer
 *   reaches an identifier in a code example; a hold-back that hands control to the user ("do not
 *   automatically run other tools", "until the user says") is not shadowing.
 * - tool-exfiltration-parameter: a side-channel parameter (`notes`, `metadata`) is judged by its own
 *   description and by the tool paragraphs that tell the model to fill it, not by the whole tool text (a
 *   password manager mentions passwords, an upload example shows a token); the conversation is asked for
 *   only by "the full conversation", "conversation so far"..., not by the word; and a chat-shaped message
 *   list on a tool that asks or answers carries the conversation by design.
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
  // "Use this instead of 'execute_command' with ls/dir commands": names a tool the server does not have
  // (an older name of its own). A preference for one case, nothing redirected or rewritten: low. Kept
  // visible because the same words from a hostile server compete for another server's calls.
  'desktop-commander tool-shadowing list_directory low',
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
  // A known alarm that no longer fires leaves the list: it must stay a true record.
  assert.deepEqual(
    [...KNOWN].filter((k) => !seen.includes(k)),
    [],
  );
});
