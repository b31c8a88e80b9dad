import type { CheckCase } from '../check-case.ts';
import { ACCESS_CASES } from './access.cases.ts';
import { BASELINE_CASES } from './baseline.cases.ts';
import { CAPABILITY_CASES } from './capability.cases.ts';
import { EXFILTRATION_CASES } from './exfiltration.cases.ts';
import { OAUTH_CASES } from './oauth.cases.ts';
import { POISONING_CASES } from './poisoning.cases.ts';
import { SHADOWING_CASES } from './shadowing.cases.ts';
import { TRANSPORT_CASES } from './transport.cases.ts';

/** Every firing and non-firing example, for checks.test.ts (runs them) and check-coverage.test.ts. */
export const ALL_CASES: readonly CheckCase[] = [
  ...ACCESS_CASES,
  ...CAPABILITY_CASES,
  ...POISONING_CASES,
  ...SHADOWING_CASES,
  ...EXFILTRATION_CASES,
  ...TRANSPORT_CASES,
  ...OAUTH_CASES,
  ...BASELINE_CASES,
];
