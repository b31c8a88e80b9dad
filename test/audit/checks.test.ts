import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findCheck } from '../../src/audit/checks/index.ts';
import { severityRank } from '../../src/audit/severity.ts';
import { ALL_CASES } from './cases/index.ts';

describe('every check case', () => {
  for (const example of ALL_CASES) {
    test(`${example.checkId} ${example.expect}: ${example.name}`, () => {
      const check = findCheck(example.checkId);
      assert.ok(check, `unknown check ${example.checkId}`);
      const findings = check.run(example.observation, example.context ?? { baseline: null });
      if (example.expect === 'silent') {
        assert.deepEqual(
          findings.map((f) => `${f.subject}: ${f.message}`),
          [],
        );
        return;
      }
      assert.ok(findings.length > 0, 'expected at least one finding');
      for (const finding of findings) {
        assert.equal(finding.checkId, check.id);
        assert.match(finding.id, new RegExp(`^${check.id}:[0-9a-f]{16}$`));
        assert.deepEqual(finding.cwe, check.cwe);
        assert.deepEqual(finding.owaspMcp, check.owaspMcp);
        assert.ok(finding.message.length > 0 && finding.remediation.length > 0);
      }
      if (example.severity !== undefined) {
        const top = findings.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
        assert.equal(top.severity, example.severity);
      }
      if (example.subjects !== undefined) {
        assert.deepEqual(findings.map((f) => f.subject).sort(), [...example.subjects].sort());
      }
      example.verify?.(findings);
    });
  }
});
