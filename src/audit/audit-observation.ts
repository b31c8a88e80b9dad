import type { Observation } from '../scan/observation.ts';
import type { RiskAssessment } from '../scan/scan-run.ts';
import { ALL_CHECKS } from './checks/index.ts';
import { createFinding } from './create-finding.ts';
import type { Check, CheckContext, Finding } from './finding.ts';
import { assessRisk } from './risk.ts';
import { compareSeverityDescending } from './severity.ts';

export interface AuditResult {
  findings: Finding[];
  risk: RiskAssessment;
}

/** Runs one check; a check that throws on hostile input becomes an info finding, never a crash. */
function runCheck(check: Check, observation: Observation, context: CheckContext): Finding[] {
  try {
    return check.run(observation, context);
  } catch (error) {
    return [
      createFinding(check, observation, {
        subject: '(check failed)',
        severity: 'info',
        title: `${check.title} (check failed)`,
        message: `The check could not judge this observation: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}.`,
        evidence: { error: error instanceof Error ? error.name : typeof error },
      }),
    ];
  }
}

/** Every check over one observation: findings sorted most severe first, and the server's risk. */
export function auditObservation(
  observation: Observation,
  context: CheckContext = { baseline: null },
  checks: readonly Check[] = ALL_CHECKS,
): AuditResult {
  const findings = checks.flatMap((check) => runCheck(check, observation, context));
  findings.sort(
    (a, b) =>
      compareSeverityDescending(a.severity, b.severity) ||
      (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0) ||
      ((a.subject ?? '') < (b.subject ?? '') ? -1 : (a.subject ?? '') > (b.subject ?? '') ? 1 : 0),
  );
  return { findings, risk: assessRisk(observation, findings) };
}
