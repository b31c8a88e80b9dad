import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ALL_CHECKS } from '../../src/audit/checks/index.ts';
import { SEVERITIES } from '../../src/audit/finding.ts';
import { ALL_CASES } from './cases/index.ts';

/** Fails the build when a check lacks documentation or a firing and a non-firing example. */

const docsDir = new URL('../../docs/checks/', import.meta.url);
const REQUIRED_SECTIONS = [
  '## What it detects',
  '## Why it matters',
  '## Severity',
  '## Remediation',
  '## References',
  '## Example finding',
];

test('check ids are unique, kebab-case, and metadata is well-formed', () => {
  const ids = ALL_CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate check id');
  for (const check of ALL_CHECKS) {
    assert.match(check.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, check.id);
    assert.ok(SEVERITIES.includes(check.severity), `${check.id}: severity`);
    assert.ok(check.cwe.length > 0 && check.cwe.every((c) => /^CWE-\d+$/.test(c)), `${check.id}: cwe`);
    assert.ok(
      check.owaspMcp.length > 0 && check.owaspMcp.every((o) => /^MCP(0[1-9]|10)$/.test(o)),
      `${check.id}: owaspMcp`,
    );
    assert.ok(check.title.length > 0 && check.remediation.length > 20, `${check.id}: title/remediation`);
  }
});

test('every check has at least one firing and one non-firing case (run by checks.test.ts)', () => {
  const missing: string[] = [];
  for (const check of ALL_CHECKS) {
    const cases = ALL_CASES.filter((c) => c.checkId === check.id);
    if (!cases.some((c) => c.expect === 'fires')) missing.push(`${check.id}: no firing case`);
    if (!cases.some((c) => c.expect === 'silent')) missing.push(`${check.id}: no non-firing case`);
  }
  assert.deepEqual(missing, []);
  const known = new Set(ALL_CHECKS.map((c) => c.id));
  assert.deepEqual(
    ALL_CASES.filter((c) => !known.has(c.checkId)).map((c) => c.checkId),
    [],
    'cases for unknown checks',
  );
});

test('every check has a docs/checks/<id>.md page with the required sections and its references', () => {
  const problems: string[] = [];
  for (const check of ALL_CHECKS) {
    const file = new URL(`${check.id}.md`, docsDir);
    if (!existsSync(file)) {
      problems.push(`${check.id}: docs/checks/${check.id}.md missing`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const section of REQUIRED_SECTIONS)
      if (!text.includes(section)) problems.push(`${check.id}: no "${section}"`);
    for (const ref of [...check.cwe, ...check.owaspMcp])
      if (!text.includes(ref)) problems.push(`${check.id}: page does not cite ${ref}`);
    if (!text.includes(`"checkId": "${check.id}"`))
      problems.push(`${check.id}: example finding is not of this check`);
  }
  assert.deepEqual(problems, []);
});

test('docs/checks/README.md indexes every check, and no page documents a check that does not exist', () => {
  const index = readFileSync(new URL('README.md', docsDir), 'utf8');
  const ids = new Set(ALL_CHECKS.map((c) => c.id));
  for (const id of ids) assert.ok(index.includes(`(${id}.md)`), `README does not link ${id}`);
  const pages = readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
  assert.deepEqual(
    pages.filter((page) => !ids.has(page.slice(0, -3))),
    [],
  );
});
