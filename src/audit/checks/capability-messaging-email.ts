import { createCapabilityCheck } from './capability-check.ts';

/** Tools that can do messaging-email; the patterns are data in src/audit/capability-catalog.ts. */
export const messagingEmailCheck = createCapabilityCheck('messaging-email');
