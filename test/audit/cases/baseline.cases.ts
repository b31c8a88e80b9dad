import assert from 'node:assert/strict';
import { type CheckCase, fires, silent } from '../check-case.ts';
import { buildObservation, loadObservation } from '../observation-builder.ts';

const before = loadObservation('weather-baseline');
const after = loadObservation('weather-current');
const reordered = structuredClone(before);
// Same tools, keys in another order and tools listed in another order: not a change.
reordered.tools = [...reordered.tools].reverse().map((t) => ({
  inputSchema: t.inputSchema,
  description: t.description,
  name: t.name,
  annotations: t.annotations,
}));

export const BASELINE_CASES: CheckCase[] = [
  fires('tool-changed-since-baseline', 'description of get_forecast changed (rug pull)', after, {
    context: { baseline: before },
    subjects: ['get_forecast'],
    verify: (findings) => assert.deepEqual(findings[0]?.evidence.changed, ['description']),
  }),
  silent('tool-changed-since-baseline', 'same tools in another order', reordered, {
    context: { baseline: before },
  }),
  silent('tool-changed-since-baseline', 'no baseline', after, { context: { baseline: null } }),

  fires('tool-added-since-baseline', 'a command-execution tool appeared', after, {
    context: { baseline: before },
    subjects: ['run_diagnostics'],
    severity: 'high',
  }),
  silent('tool-added-since-baseline', 'identical run', before, { context: { baseline: before } }),

  fires('tool-removed-since-baseline', 'list_stations is gone', after, {
    context: { baseline: before },
    subjects: ['list_stations'],
  }),
  silent(
    'tool-removed-since-baseline',
    'truncated listing proves nothing',
    { ...after, toolsTruncated: true },
    { context: { baseline: before } },
  ),
  silent('tool-removed-since-baseline', 'baseline server was not open', after, {
    context: {
      baseline: buildObservation({ ...before, status: 'mcp-auth-required', auth: { mode: 'required' } }),
    },
  }),
];
