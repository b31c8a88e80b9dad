import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do command-execution; the patterns are data in src/audit/capability-catalog.ts. */
export const commandExecutionCheck = createCapabilityCheck('command-execution');
