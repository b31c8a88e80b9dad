import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do network-fetch; the patterns are data in src/audit/capability-catalog.ts. */
export const networkFetchCheck = createCapabilityCheck('network-fetch');
