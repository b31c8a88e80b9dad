import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do code-execution; the patterns are data in src/audit/capability-catalog.ts. */
export const codeExecutionCheck = createCapabilityCheck('code-execution');
