import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexBaseline } from '../../src/audit/baseline.ts';
import { parseIgnoreFile } from '../../src/audit/ignore-file.ts';
import { judgeObservation } from '../../src/audit/judge-observation.ts';
import { loadObservation } from './observation-builder.ts';

test('judgeObservation: findings, suppressions with reasons, and risk of what remains', () => {
  const observation = loadObservation('weather-current');
  const rules = parseIgnoreFile(`
- { check: capability-command-execution, target: "https://weather.example.com/*", reason: diagnostics tool is sandboxed }
- { check: unauthenticated-tool-listing, target: "https://weather.example.com/mcp", reason: public demo server }
`);
  const plain = judgeObservation(observation);
  const judged = judgeObservation(observation, {
    rules,
    baseline: indexBaseline([loadObservation('weather-baseline')]),
  });
  assert.equal(plain.suppressed.length, 0);
  assert.deepEqual(judged.suppressed.map((s) => s.reason).sort(), [
    'diagnostics tool is sandboxed',
    'public demo server',
  ]);
  assert.ok(judged.findings.some((f) => f.checkId === 'tool-changed-since-baseline'));
  assert.ok(!judged.findings.some((f) => f.checkId === 'capability-command-execution'));
  // The rug-pulled description is still critical poisoning, so the risk stays critical; the target fields are kept.
  assert.equal(judged.risk.level, 'critical');
  assert.equal(judged.target, observation.target);
  assert.deepEqual(judged.tools, observation.tools);
});

test('suppressing everything leaves no risk', () => {
  const judged = judgeObservation(loadObservation('loopback-clean'), {
    rules: parseIgnoreFile('- { check: "*", target: "http://127.0.0.1:*", reason: local dev }'),
  });
  assert.deepEqual(judged.findings, []);
  assert.deepEqual(judged.risk, { level: 'none', score: 0 });
  assert.equal(judged.suppressed.length, 1);
});
