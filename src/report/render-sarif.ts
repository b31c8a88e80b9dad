import type { Check, Finding, Severity } from '../audit/finding.ts';
import type { ScanResult, ScanRun } from '../scan/scan-run.ts';
import { severityRank } from './report-model.ts';

/**
 * SARIF 2.1.0 for code-scanning dashboards. One rule per check (from the check list when given,
 * plus any check id seen only in findings); one result per finding, located at the endpoint URL
 * (physical location) and at the server/tool (logical location); suppressed findings carry an
 * external suppression with the ignore file's reason. Mapping documented in docs/reports.md.
 */

/** GitHub code scanning reads `properties.security-severity` (a string, 0.0..10.0) on rules. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

export type RuleSource = Pick<Check, 'id' | 'title' | 'severity' | 'cwe' | 'owaspMcp' | 'remediation'>;

export interface RenderSarifOptions {
  /** The checks that ran, so rules exist even for checks with no findings. */
  checks?: readonly RuleSource[];
  /** Base URI for per-check help pages (e.g. the repository's docs/checks/ URL). */
  helpUriBase?: string;
  indent?: number;
}

const SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function ruleFromFinding(finding: Finding): RuleSource {
  const { checkId: id, title, severity, cwe, owaspMcp, remediation } = finding;
  return { id, title, severity, cwe, owaspMcp, remediation };
}

function collectRules(run: ScanRun, checks: readonly RuleSource[]): RuleSource[] {
  const rules = new Map<string, RuleSource>();
  for (const check of checks) rules.set(check.id, check);
  const seen = run.results.flatMap((r) => [...r.findings, ...r.suppressed.map((s) => s.finding)]);
  for (const finding of seen) {
    const known = rules.get(finding.checkId);
    // Without the check list, a rule's default severity is the highest seen among its findings.
    if (known === undefined) rules.set(finding.checkId, ruleFromFinding(finding));
    else if (
      !checks.some((c) => c.id === finding.checkId) &&
      severityRank(finding.severity) > severityRank(known.severity)
    ) {
      rules.set(finding.checkId, { ...known, severity: finding.severity });
    }
  }
  return [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sarifRule(rule: RuleSource, helpUriBase: string | undefined): Record<string, unknown> {
  const refs = [...rule.cwe, ...rule.owaspMcp];
  const text = `${rule.remediation}${refs.length > 0 ? `\n\nReferences: ${refs.join(', ')}.` : ''}`;
  return {
    id: rule.id,
    name: rule.id.replace(/(^|[-_.])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.title },
    ...(helpUriBase === undefined
      ? {}
      : { helpUri: `${helpUriBase.replace(/\/?$/, '/')}${encodeURIComponent(rule.id)}.md` }),
    help: { text, markdown: `**Remediation.** ${text}` },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      tags: [
        'security',
        'mcp',
        ...rule.cwe.map((c) => `external/cwe/${c.toLowerCase()}`),
        ...rule.owaspMcp.map((o) => `owasp-mcp/${o}`),
      ],
    },
  };
}

/** An absolute URI for the endpoint, or null (invalid targets are not located physically). */
function endpointUri(target: string): string | null {
  try {
    return new URL(target).href;
  } catch {
    return null;
  }
}

function sarifResult(
  result: ScanResult,
  finding: Finding,
  ruleIndex: number,
  suppression: string | null,
): Record<string, unknown> {
  const uri = endpointUri(result.target);
  const server = result.serverInfo?.name ?? result.host;
  const logical = [
    { name: server, fullyQualifiedName: result.target, kind: 'module' },
    ...(finding.subject === null
      ? []
      : [
          {
            name: finding.subject,
            fullyQualifiedName: `${result.target}#${finding.subject}`,
            kind: 'function',
          },
        ]),
  ];
  return {
    ruleId: finding.checkId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: `${finding.title}: ${finding.message}` },
    locations: [
      {
        ...(uri === null ? {} : { physicalLocation: { artifactLocation: { uri } } }),
        logicalLocations: logical,
      },
    ],
    partialFingerprints: { 'mcpLockdownFindingId/v1': finding.id },
    ...(suppression === null
      ? {}
      : { suppressions: [{ kind: 'external', status: 'accepted', justification: suppression }] }),
    properties: {
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      status: result.status,
      subject: finding.subject,
      evidence: finding.evidence,
      cwe: finding.cwe,
      owaspMcp: finding.owaspMcp,
    },
  };
}

export function buildSarif(run: ScanRun, options: RenderSarifOptions = {}): Record<string, unknown> {
  const rules = collectRules(run, options.checks ?? []);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Record<string, unknown>[] = [];
  for (const result of run.results) {
    for (const f of result.findings) results.push(sarifResult(result, f, index.get(f.checkId) ?? 0, null));
    for (const s of result.suppressed)
      results.push(sarifResult(result, s.finding, index.get(s.finding.checkId) ?? 0, s.reason));
  }
  return {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: run.tool.name,
            version: run.tool.version,
            ...(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(run.tool.version)
              ? { semanticVersion: run.tool.version }
              : {}),
            rules: rules.map((r) => sarifRule(r, options.helpUriBase)),
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: run.startedAt, endTimeUtc: run.finishedAt }],
        columnKind: 'unicodeCodePoints',
        results,
        properties: { summary: run.summary },
      },
    ],
  };
}

export function renderSarif(run: ScanRun, options: RenderSarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(run, options), null, options.indent ?? 2)}\n`;
}
