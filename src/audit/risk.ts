import type { Observation } from '../scan/observation.ts';
import type { RiskAssessment } from '../scan/scan-run.ts';
import { targetIsLoopback } from './address.ts';
import type { Finding, Severity } from './finding.ts';
import { severityRank } from './severity.ts';

/**
 * Per-server risk, documented in docs/risk.md:
 *   score = min(100, base(max severity) + exposure + breadth)
 *   base: critical 85, high 65, medium 40, low 15, info 5
 *   exposure: +10 when tools are callable anonymously from beyond this machine
 *             (+5 when only from this machine, but reachable through a browser or other interfaces)
 *   breadth: +1 for every further high or critical finding, at most +5
 *   level: the highest finding severity ('none' without findings)
 */
export const SEVERITY_BASE: Readonly<Record<Severity, number>> = {
  info: 5,
  low: 15,
  medium: 40,
  high: 65,
  critical: 85,
};
export const EXPOSURE_REMOTE = 10;
export const EXPOSURE_LOCAL = 5;
export const BREADTH_MAX = 5;

export function assessRisk(observation: Observation, findings: readonly Finding[]): RiskAssessment {
  if (findings.length === 0) return { level: 'none', score: 0 };
  let top: Severity = 'info';
  for (const finding of findings)
    if (severityRank(finding.severity) > severityRank(top)) top = finding.severity;

  let exposure = 0;
  if (observation.status === 'mcp-open' && observation.auth.mode === 'none') {
    const loopback = targetIsLoopback(observation);
    const reachableAnyway =
      (observation.exposedOn?.length ?? 0) > 0 || observation.originProbe?.accepted === true;
    exposure = !loopback ? EXPOSURE_REMOTE : reachableAnyway ? EXPOSURE_LOCAL : 0;
  }
  const serious = findings.filter((f) => severityRank(f.severity) >= severityRank('high')).length;
  const breadth = Math.min(BREADTH_MAX, Math.max(0, serious - 1));
  return { level: top, score: Math.min(100, SEVERITY_BASE[top] + exposure + breadth) };
}

/** Sort comparator for reports: riskiest first, then by target for a stable order. */
export function compareRiskDescending(
  a: { risk: RiskAssessment; target: string },
  b: { risk: RiskAssessment; target: string },
): number {
  return b.risk.score - a.risk.score || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0);
}
