import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do database-query; the patterns are data in src/audit/capability-catalog.ts. */
export const databaseQueryCheck = createCapabilityCheck('database-query');
