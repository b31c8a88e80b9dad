import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEVERITIES } from '../../src/audit/finding.ts';
import { atOrAbove, isSeverity, lowerSeverity, maxSeverity, severityRank } from '../../src/audit/severity.ts';

test('severityRank orders info < low < medium < high < critical', () => {
  assert.deepEqual(
    SEVERITIES.map((s) => severityRank(s)),
    [0, 1, 2, 3, 4],
  );
});

test('atOrAbove implements --fail-on thresholds', () => {
  assert.equal(atOrAbove('critical', 'high'), true);
  assert.equal(atOrAbove('high', 'high'), true);
  assert.equal(atOrAbove('medium', 'high'), false);
  assert.equal(atOrAbove('info', 'info'), true);
  for (const a of SEVERITIES)
    for (const b of SEVERITIES) assert.equal(atOrAbove(a, b), severityRank(a) >= severityRank(b));
});

test('helpers', () => {
  assert.equal(maxSeverity('low', 'high'), 'high');
  assert.equal(lowerSeverity('critical'), 'high');
  assert.equal(lowerSeverity('info'), 'info');
  assert.equal(lowerSeverity('high', 2), 'low');
  assert.equal(isSeverity('medium'), true);
  assert.equal(isSeverity('severe'), false);
  assert.equal(isSeverity(3), false);
});
