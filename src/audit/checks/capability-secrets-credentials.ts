import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do secrets-credentials; the patterns are data in src/audit/capability-catalog.ts. */
export const secretsCredentialsCheck = createCapabilityCheck('secrets-credentials');
