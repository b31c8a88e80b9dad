import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do cloud-infrastructure; the patterns are data in src/audit/capability-catalog.ts. */
export const cloudInfrastructureCheck = createCapabilityCheck('cloud-infrastructure');
