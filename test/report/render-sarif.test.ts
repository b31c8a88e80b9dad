import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSarif, renderSarif, SECURITY_SEVERITY, sarifLevel } from '../../src/report/render-sarif.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';
import { sarifValidator } from './schema-validators.ts';

// biome-ignore lint/suspicious/noExplicitAny: SARIF is probed as loose JSON in assertions.
type Json = Record<string, any>;

test('renderSarif output validates against the official SARIF 2.1.0 schema', () => {
  const validate = sarifValidator();
  for (const run of [loadFixture('sample-run.json'), loadFixture('sample-run-later.json'), hostileRun()]) {
    const ok = validate(JSON.parse(renderSarif(run)));
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 3)));
  }
});

test('the SARIF validator is not a rubber stamp', () => {
  const validate = sarifValidator();
  const log = JSON.parse(renderSarif(loadFixture('sample-run.json')));
  log.runs[0].results[0].level = 'fatal';
  assert.equal(validate(log), false);
  const noDriver = JSON.parse(renderSarif(loadFixture('sample-run.json')));
  delete noDriver.runs[0].tool.driver;
  assert.equal(validate(noDriver), false);
});

test('one rule per check, with help text and security-severity from severity', () => {
  const run = loadFixture('sample-run.json');
  const log = buildSarif(run) as Json;
  const rules: Json[] = log.runs[0].tool.driver.rules;
  const checkIds = new Set(
    run.results.flatMap((r) => [...r.findings, ...r.suppressed.map((s) => s.finding)]).map((f) => f.checkId),
  );
  assert.deepEqual(rules.map((r) => r.id).sort(), [...checkIds].sort());
  const unauth = rules.find((r) => r.id === 'unauthenticated-tool-listing') as Json;
  // Without the check list, a rule takes the highest severity seen among its findings.
  assert.equal(unauth.properties['security-severity'], '9.5');
  assert.equal(unauth.defaultConfiguration.level, 'error');
  assert.match(unauth.help.text, /Require authentication/);
  assert.ok(unauth.properties.tags.includes('external/cwe/cwe-306'));
  const sse = rules.find((r) => r.id === 'legacy-sse-transport') as Json;
  assert.equal(sse.properties['security-severity'], '3.0');
});

test('a given check list sets rules, including checks without findings', () => {
  const log = buildSarif(loadFixture('sample-run.json'), {
    checks: [
      {
        id: 'permissive-cors',
        title: 'Permissive CORS',
        severity: 'medium',
        cwe: ['CWE-942'],
        owaspMcp: [],
        remediation: 'Allow only known origins.',
      },
    ],
  }) as Json;
  const ids = log.runs[0].tool.driver.rules.map((r: Json) => r.id);
  assert.ok(ids.includes('permissive-cors'));
});

test('results are located at the endpoint, fingerprinted by finding id, suppressions kept', () => {
  const run = loadFixture('sample-run.json');
  const log = buildSarif(run) as Json;
  const results: Json[] = log.runs[0].results;
  const total = run.results.reduce((n, r) => n + r.findings.length + r.suppressed.length, 0);
  assert.equal(results.length, total);
  const rules: Json[] = log.runs[0].tool.driver.rules;
  for (const r of results) {
    assert.equal(rules[r.ruleIndex]?.id, r.ruleId);
    assert.match(r.locations[0].physicalLocation.artifactLocation.uri, /^https?:\/\//);
    assert.ok(r.partialFingerprints['mcpLockdownFindingId/v1']);
  }
  const exec = results.find((r) =>
    r.partialFingerprints['mcpLockdownFindingId/v1'].endsWith('#execute_command'),
  ) as Json;
  assert.equal(exec.level, 'error');
  assert.equal(exec.locations[0].physicalLocation.artifactLocation.uri, 'http://10.20.0.22:3000/mcp');
  assert.equal(exec.locations[0].logicalLocations[1].name, 'execute_command');
  const suppressed = results.filter((r) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.match(suppressed[0]?.suppressions[0].justification, /SEC-1432/);
});

test('severity mapping is the documented one', () => {
  assert.deepEqual(SECURITY_SEVERITY, {
    critical: '9.5',
    high: '8.0',
    medium: '5.5',
    low: '3.0',
    info: '0.0',
  });
  assert.deepEqual((['critical', 'high', 'medium', 'low', 'info'] as const).map(sarifLevel), [
    'error',
    'error',
    'warning',
    'note',
    'note',
  ]);
});
