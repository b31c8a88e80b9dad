import type { Principal } from './principal.ts';

/** What one credential verifier concludes; authenticate.ts turns it into HTTP status and challenge. */
export type VerifyResult =
  | { ok: true; principal: Principal }
  | { ok: false; error: 'invalid_token'; description: string }
  | { ok: false; error: 'insufficient_scope'; description: string; requiredScopes: string[] };

export function invalidToken(description: string): VerifyResult {
  return { ok: false, error: 'invalid_token', description };
}
