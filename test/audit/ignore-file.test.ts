import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { auditObservation } from '../../src/audit/audit-observation.ts';
import { applySuppressions, expiredRules, parseIgnoreFile } from '../../src/audit/ignore-file.ts';
import { isLockdownError } from '../../src/errors.ts';
import { loadObservation } from './observation-builder.ts';

const lan = loadObservation('open-desktop-commander-lan');
const { findings } = auditObservation(lan);

function invalid(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseIgnoreFile(text),
    (error: unknown) => isLockdownError(error, 'ERR_INVALID_CONFIG') && pattern.test(error.message),
  );
}

test('parses entries with check, target glob, subject, reason and expiry', () => {
  const rules = parseIgnoreFile(`
ignore:
  - check: capability-command-execution
    target: "http://192.168.1.*:3000/mcp"
    subject: start_process
    reason: Lab machine, isolated VLAN (TICKET-123)
    expires: 2099-01-31
  - check: plaintext-http
    target: http://192.168.1.20:3000/mcp
    reason: TLS terminates at the switch
`);
  assert.equal(rules.length, 2);
  assert.equal(rules[0]?.subject, 'start_process');
  assert.equal(rules[0]?.expires?.toISOString(), '2099-01-31T23:59:59.999Z');
  assert.equal(rules[1]?.subject, null);
  assert.equal(rules[1]?.index, 1);
});

test('a bare list is accepted too, and an empty file means no rules', () => {
  assert.equal(parseIgnoreFile('- { check: permissive-cors, target: "*", reason: accepted risk }').length, 1);
  assert.deepEqual(parseIgnoreFile(''), []);
});

test('invalid entries fail with ERR_INVALID_CONFIG naming the entry and the key', () => {
  invalid('ignore:\n  - check: plaintext-http\n    target: "*"\n', /entry 0\.reason: is required/);
  invalid(
    'ignore:\n  - { check: plaintext-http, target: "*", reason: ok }\n  - { check: no-such-check, target: "*", reason: x }',
    /entry 1\.check: unknown check id/,
  );
  invalid(
    'ignore:\n  - { check: plaintext-http, target: "*", reason: "  " }',
    /entry 0\.reason: a reason is required/,
  );
  invalid(
    'ignore:\n  - { check: plaintext-http, target: "*", reason: x, expires: someday }',
    /entry 0\.expires: expected a date/,
  );
  invalid(
    'ignore:\n  - { check: plaintext-http, target: "*", reason: x, typo: 1 }',
    /entry 0\.typo: unknown key/,
  );
  invalid('ignore: [\n', /not valid YAML/);
  invalid('just a string', /expected/);
});

test('applySuppressions mutes matching findings and keeps their reason', () => {
  const rules = parseIgnoreFile(`
- { check: capability-command-execution, target: "http://192.168.1.*", subject: start_process, reason: isolated lab }
- { check: plaintext-http, target: "http://192.168.1.20:3000/mcp/", reason: TLS at the edge }
- { check: permissive-cors, target: "http://10.*", reason: other network }
`);
  const result = applySuppressions(findings, lan.target, rules);
  assert.deepEqual(
    result.suppressed.map((s) => [s.finding.checkId, s.finding.subject, s.reason]),
    [
      ['capability-command-execution', 'start_process', 'isolated lab'],
      ['plaintext-http', 'transport-security', 'TLS at the edge'],
    ],
  );
  assert.equal(result.findings.length + result.suppressed.length, findings.length);
  assert.ok(
    result.findings.some((f) => f.checkId === 'capability-command-execution' && f.subject === 'kill_process'),
  );
  assert.ok(result.findings.some((f) => f.checkId === 'permissive-cors'));
});

test('expired rules stop suppressing and are reported', () => {
  const rules = parseIgnoreFile('- { check: "*", target: "*", reason: everything, expires: 2020-01-01 }');
  assert.equal(applySuppressions(findings, lan.target, rules).suppressed.length, 0);
  assert.equal(
    applySuppressions(findings, lan.target, rules, new Date('2019-12-31T12:00:00Z')).suppressed.length,
    findings.length,
  );
  assert.equal(expiredRules(rules).length, 1);
});

test('arbitrary text never crashes the parser: rules or ERR_INVALID_CONFIG', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      (text) => {
        try {
          parseIgnoreFile(text);
        } catch (error) {
          assert.ok(isLockdownError(error, 'ERR_INVALID_CONFIG'), String(error));
        }
      },
    ),
    { numRuns: 500 },
  );
});
