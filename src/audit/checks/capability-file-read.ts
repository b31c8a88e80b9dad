import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do file-read; the patterns are data in src/audit/capability-catalog.ts. */
export const fileReadCheck = createCapabilityCheck('file-read');
