import type { Principal } from '../guard/auth/principal.ts';
import type { CompiledPolicy, PolicyKind } from './compile-policy.ts';
import { missingScopes } from './scopes.ts';

export type { CompiledPolicy, PolicyKind } from './compile-policy.ts';

/** Longer names never reach pattern matching: with a policy they are denied ('name-too-long'). */
export const MAX_NAME_LENGTH = 4096;

export interface PolicyRequest {
  kind: PolicyKind;
  /** Tool or prompt name; resource URI for resources. */
  name: string;
}

export interface Decision {
  allow: boolean;
  /** Which rule decided: 'no-policy', 'default-deny', 'name-too-long', 'policy[2].deny', 'policy[0].allow', 'policy[1].requireScopes'. */
  rule: string;
  /**
   * Step-up: non-empty only when the call is otherwise allowed but the principal lacks some required
   * scope. It then lists EVERY scope the call needs (not just the missing ones), because the MCP spec
   * asks the 403 challenge to name all of them so the client can request one sufficient token.
   */
  requiredScopes: string[];
}

/**
 * Pure policy decision. Semantics (docs/policy.md):
 *   1. No policy (null or no rules): allow ('no-policy').
 *   2. Any rule that applies to the principal and denies the name: deny. Deny always wins.
 *   3. No applicable rule allows the name: deny ('default-deny').
 *   4. Allowed, but applicable requireScopes patterns match and some scope is missing: deny with
 *      requiredScopes set (the caller answers 403 insufficient_scope).
 */
/** Shared by every request when no policy is configured (frozen: callers must not change it). */
const NO_POLICY: Decision = Object.freeze({
  allow: true,
  rule: 'no-policy',
  requiredScopes: Object.freeze([]) as [],
});

export function decide(
  policy: CompiledPolicy | null,
  principal: Principal,
  request: PolicyRequest,
): Decision {
  if (policy === null || policy.rules.length === 0) return NO_POLICY;
  if (request.name.length > MAX_NAME_LENGTH)
    return { allow: false, rule: 'name-too-long', requiredScopes: [] };
  const applicable = policy.rules.filter((r) => r.appliesTo(principal));
  for (const rule of applicable) {
    if (rule.deny[request.kind](request.name))
      return { allow: false, rule: `${rule.label}.deny`, requiredScopes: [] };
  }
  const allowing = applicable.find((r) => r.allow[request.kind](request.name));
  if (allowing === undefined) return { allow: false, rule: 'default-deny', requiredScopes: [] };
  if (request.kind === 'tool') {
    const required: string[] = [];
    let firstUnmet: string | null = null;
    for (const rule of applicable) {
      for (const req of rule.requireScopes) {
        if (!req.match(request.name)) continue;
        for (const s of req.scopes) if (!required.includes(s)) required.push(s);
        if (firstUnmet === null && missingScopes(principal.scopes, req.scopes).length > 0) {
          firstUnmet = `${rule.label}.requireScopes`;
        }
      }
    }
    if (firstUnmet !== null) return { allow: false, rule: firstUnmet, requiredScopes: required };
  }
  return { allow: true, rule: `${allowing.label}.allow`, requiredScopes: [] };
}

/**
 * What a list result (tools/list, resources/list, prompts/list) may show this principal: items it may
 * use, plus items it could use after a scope step-up (so clients can discover them and ask for the
 * scope). Resources are matched by `uri`, tools and prompts by `name`; an item without the field is hidden
 * when a policy exists.
 */
export function filterListed<T extends { name?: string; uri?: string }>(
  policy: CompiledPolicy | null,
  principal: Principal,
  kind: PolicyKind,
  items: T[],
): T[] {
  if (policy === null || policy.rules.length === 0) return items;
  return items.filter((item) => {
    const name = kind === 'resource' ? (item.uri ?? item.name) : item.name;
    if (typeof name !== 'string') return false;
    const d = decide(policy, principal, { kind, name });
    return d.allow || d.requiredScopes.length > 0;
  });
}
