import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do file-write; the patterns are data in src/audit/capability-catalog.ts. */
export const fileWriteCheck = createCapabilityCheck('file-write');
