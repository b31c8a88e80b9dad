import { SEVERITIES, type Severity } from '../audit/finding.ts';
import { LockdownError } from '../errors.ts';
import type { Observation } from '../scan/observation.ts';
import type { ScanResult } from '../scan/scan-run.ts';

export type Judge = (observation: Observation) => ScanResult;

export async function createJudge(_options: {
  baseline: string | undefined;
  ignore: string | undefined;
}): Promise<Judge> {
  return (observation) => ({
    ...observation,
    findings: [],
    suppressed: [],
    risk: { level: 'none', score: 0 },
  });
}

export function failOnThreshold(value: string | undefined): ((severity: Severity) => boolean) | null {
  if (value === undefined) return null;
  const rank = SEVERITIES.indexOf(value as Severity);
  if (rank < 0)
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `--fail-on must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  return (severity) => SEVERITIES.indexOf(severity) >= rank;
}
