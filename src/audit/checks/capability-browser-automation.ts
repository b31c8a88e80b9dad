import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do browser-automation; the patterns are data in src/audit/capability-catalog.ts. */
export const browserAutomationCheck = createCapabilityCheck('browser-automation');
