import type { CheckContext, Finding, Severity } from '../../src/audit/finding.ts';
import type { Observation } from '../../src/scan/observation.ts';

/**
 * One example for one check: it either fires or stays silent. Every check in ALL_CHECKS must have at
 * least one of each (test/audit/check-coverage.test.ts), and checks.test.ts runs them all.
 */
export interface CheckCase {
  checkId: string;
  expect: 'fires' | 'silent';
  name: string;
  observation: Observation;
  context?: CheckContext;
  /** For firing cases: the severity every finding must have, or the highest one. */
  severity?: Severity;
  /** For firing cases: the exact subjects expected (any order). */
  subjects?: (string | null)[];
  /** Extra assertions on the findings of a firing case. */
  verify?: (findings: Finding[]) => void;
}

export function fires(
  checkId: string,
  name: string,
  observation: Observation,
  extra: Partial<CheckCase> = {},
): CheckCase {
  return { checkId, expect: 'fires', name, observation, ...extra };
}

export function silent(
  checkId: string,
  name: string,
  observation: Observation,
  extra: Partial<CheckCase> = {},
): CheckCase {
  return { checkId, expect: 'silent', name, observation, ...extra };
}
