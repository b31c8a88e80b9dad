import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do paid-compute; the patterns are data in src/audit/capability-catalog.ts. */
export const paidComputeCheck = createCapabilityCheck('paid-compute');
