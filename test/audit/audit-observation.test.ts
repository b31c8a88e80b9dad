import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { auditObservation } from '../../src/audit/audit-observation.ts';
import { indexBaseline } from '../../src/audit/baseline.ts';
import type { Check } from '../../src/audit/finding.ts';
import { assessRisk } from '../../src/audit/risk.ts';
import { severityRank } from '../../src/audit/severity.ts';
import type { Observation } from '../../src/scan/observation.ts';
import type { ScanRun } from '../../src/scan/scan-run.ts';
import { buildObservation, loadObservation, tool } from './observation-builder.ts';

test('open server with command execution on a network address: critical, score 100', () => {
  const { findings, risk } = auditObservation(loadObservation('open-desktop-commander-lan'));
  assert.deepEqual(risk, { level: 'critical', score: 100 });
  for (let i = 1; i < findings.length; i += 1) {
    assert.ok(
      severityRank(findings[i - 1]!.severity) >= severityRank(findings[i]!.severity),
      'sorted most severe first',
    );
  }
});

test('risk formula: base by top severity, exposure, breadth (docs/risk.md)', () => {
  assert.deepEqual(auditObservation(loadObservation('oauth-protected-good')).risk, {
    level: 'none',
    score: 0,
  });
  assert.deepEqual(auditObservation(loadObservation('partial-server')).risk, { level: 'info', score: 5 });
  // Open on loopback, harmless tool, Origin validated, not on other interfaces: low, no exposure bonus.
  assert.deepEqual(auditObservation(loadObservation('loopback-clean')).risk, { level: 'low', score: 15 });
  // Open on a public address, harmless tools: medium 40 + remote exposure 10.
  assert.deepEqual(
    auditObservation(buildObservation({ tools: [tool('get_time', 'Returns the current time')] })).risk,
    {
      level: 'medium',
      score: 50,
    },
  );
  // Auth required, two high findings: high 65 + 1 for the second.
  const o = loadObservation('oauth-protected-broken');
  const risk = assessRisk(o, auditObservation(o).findings);
  assert.equal(risk.level, 'high');
  assert.equal(risk.score, 70);
});

test('finding ids are stable across runs and distinct per (check, target, subject)', () => {
  const a = auditObservation(loadObservation('poisoned-server')).findings.map((f) => f.id);
  const b = auditObservation(loadObservation('poisoned-server')).findings.map((f) => f.id);
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, a.length);
  const moved = auditObservation({
    ...loadObservation('poisoned-server'),
    target: 'https://other.example/mcp',
  }).findings;
  assert.ok(moved.every((f) => !a.includes(f.id)));
});

test('a check that throws becomes an info finding instead of crashing the audit', () => {
  const broken: Check = {
    id: 'always-throws',
    title: 'Broken',
    severity: 'high',
    cwe: ['CWE-20'],
    owaspMcp: ['MCP08'],
    remediation: 'n/a',
    run() {
      throw new Error('boom');
    },
  };
  const { findings } = auditObservation(buildObservation(), { baseline: null }, [broken]);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, 'info');
  assert.match(findings[0]?.message ?? '', /boom/);
});

test('baseline index matches targets regardless of trailing slash and feeds the drift checks', () => {
  const before = loadObservation('weather-baseline');
  const run: ScanRun = {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: '0.1.0' },
    startedAt: before.scannedAt,
    finishedAt: before.scannedAt,
    options: {},
    results: [
      {
        ...before,
        target: `${before.target}/`,
        findings: [],
        suppressed: [],
        risk: { level: 'none', score: 0 },
      },
    ],
    summary: {
      endpointsProbed: 1,
      mcpServers: 1,
      openWithoutAuth: 1,
      authRequired: 0,
      partial: 0,
      likely: 0,
      toolsExposed: 3,
      byStatus: {} as ScanRun['summary']['byStatus'],
      findingsBySeverity: { info: 0, low: 0, medium: 1, high: 0, critical: 0 },
      durationMs: 1,
    },
  };
  const index = indexBaseline(run);
  assert.equal(index.size, 1);
  const current = loadObservation('weather-current');
  const baseline = index.get(current.target);
  assert.ok(baseline);
  const ids = auditObservation(current, { baseline }).findings.map((f) => f.checkId);
  for (const id of [
    'tool-changed-since-baseline',
    'tool-added-since-baseline',
    'tool-removed-since-baseline',
  ])
    assert.ok(ids.includes(id));
  assert.equal(indexBaseline([current]).get('https://nowhere.example/mcp'), null);
});

const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('<IMPORTANT>', '\u202E', '\u{E0041}', '<!--', 'A'.repeat(200)),
);

test('hostile observations never crash the audit', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          name: hostileText,
          description: fc.option(hostileText, { nil: null }),
          inputSchema: fc.jsonValue({ maxDepth: 4 }),
          annotations: fc.constant(null),
        }),
        { maxLength: 6 },
      ),
      fc.option(hostileText, { nil: null }),
      fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: null }),
      (tools, instructions, prmDocument) => {
        const observation: Observation = buildObservation({
          tools,
          instructions,
          status: 'mcp-open',
          auth: {
            mode: prmDocument === null ? 'none' : 'required',
            resourceMetadata:
              prmDocument === null
                ? null
                : {
                    url: 'https://x/.well-known/oauth-protected-resource',
                    attempts: [],
                    document: prmDocument as Record<string, unknown>,
                  },
            authorizationServers: [
              { url: null, attempts: [], document: prmDocument as Record<string, unknown> | null },
            ],
          },
        });
        const { findings, risk } = auditObservation(observation, { baseline: observation });
        assert.ok(risk.score >= 0 && risk.score <= 100);
        for (const f of findings) assert.notEqual(f.subject, '(check failed)', f.message);
      },
    ),
    { numRuns: 200 },
  );
});
