import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do payments-finance; the patterns are data in src/audit/capability-catalog.ts. */
export const paymentsFinanceCheck = createCapabilityCheck('payments-finance');
