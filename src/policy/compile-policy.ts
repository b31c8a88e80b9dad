import { LockdownError } from '../errors.ts';
import type { Principal } from '../guard/auth/principal.ts';
import { describeIssues } from './describe-issue.ts';
import { compileGlobs } from './glob.ts';
import { type PolicyRule, type PolicyTargets, policySchema } from './policy-schema.ts';
import { hasScope } from './scopes.ts';

export type PolicyKind = 'tool' | 'resource' | 'prompt';

type Matcher = (value: string) => boolean;

export interface CompiledRule {
  readonly index: number;
  /** `policy[2]`: the prefix of every Decision.rule this rule produces. */
  readonly label: string;
  readonly appliesTo: (principal: Principal) => boolean;
  readonly allow: Readonly<Record<PolicyKind, Matcher>>;
  readonly deny: Readonly<Record<PolicyKind, Matcher>>;
  readonly requireScopes: ReadonlyArray<{ readonly match: Matcher; readonly scopes: readonly string[] }>;
}

/** A validated, compiled, frozen policy. Build once at startup; `decide` is pure over it. */
export interface CompiledPolicy {
  readonly rules: readonly CompiledRule[];
  readonly source: readonly PolicyRule[];
}

export interface CompilePolicyOptions {
  /** Every API key name in the store; when given, a rule naming another key fails the load. */
  apiKeyNames?: readonly string[];
}

const KIND_FIELD = { tool: 'tools', resource: 'resources', prompt: 'prompts' } as const;

function compileTargets(targets: PolicyTargets | undefined, where: string): Record<PolicyKind, Matcher> {
  const out = {} as Record<PolicyKind, Matcher>;
  for (const kind of Object.keys(KIND_FIELD) as PolicyKind[]) {
    const field = KIND_FIELD[kind];
    out[kind] = compileGlobs(targets?.[field] ?? [], `${where}.${field}`);
  }
  return Object.freeze(out);
}

function compilePrincipals(rule: PolicyRule): (p: Principal) => boolean {
  const m = rule.principals;
  if (m === undefined) return () => true;
  const keys = m.keys === undefined ? undefined : new Set(m.keys);
  const subs = m.subs === undefined ? undefined : new Set(m.subs);
  const clientIds = m.clientIds === undefined ? undefined : new Set(m.clientIds);
  const groups = m.groups === undefined ? undefined : new Set(m.groups);
  const scopes = m.scopes;
  const anonymous = m.anonymous;
  return (p) => {
    if (anonymous !== undefined && (p.kind === 'anonymous') !== anonymous) return false;
    if (keys !== undefined && !(p.kind === 'api-key' && p.name !== null && keys.has(p.name))) return false;
    if (subs !== undefined && !(p.sub !== null && subs.has(p.sub))) return false;
    if (clientIds !== undefined && !(p.clientId !== null && clientIds.has(p.clientId))) return false;
    if (groups !== undefined && !p.groups.some((g) => groups.has(g))) return false;
    if (scopes !== undefined && !scopes.some((s) => hasScope(p.scopes, s))) return false;
    return true;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validate and compile policy rules. Throws ERR_INVALID_POLICY naming the rule (`policy[2].allow.tools[0]:
 * pattern is empty`). Empty input compiles to a policy with no rules, which `decide` treats as no policy.
 */
export function compilePolicy(rules: unknown, options: CompilePolicyOptions = {}): CompiledPolicy {
  const parsed = policySchema.safeParse(rules);
  if (!parsed.success) {
    const lines = describeIssues(parsed.error.issues, ['policy']);
    throw new LockdownError('ERR_INVALID_POLICY', `invalid policy: ${lines.join('; ')}`, { problems: lines });
  }
  const source = deepFreeze(structuredClone(parsed.data));
  const known = options.apiKeyNames === undefined ? undefined : new Set(options.apiKeyNames);
  const compiled = source.map((rule, index): CompiledRule => {
    const label = `policy[${index}]`;
    if (known !== undefined) {
      rule.principals?.keys?.forEach((name, k) => {
        if (!known.has(name)) {
          throw new LockdownError(
            'ERR_INVALID_POLICY',
            `${label}.principals.keys[${k}]: no API key named ${JSON.stringify(name)} in the key store`,
          );
        }
      });
    }
    const requireScopes = Object.entries(rule.requireScopes ?? {}).map(([pattern, scopes]) =>
      Object.freeze({
        match: compileGlobs([pattern], `${label}.requireScopes`),
        scopes: Object.freeze([...scopes]),
      }),
    );
    return Object.freeze({
      index,
      label,
      appliesTo: compilePrincipals(rule),
      allow: compileTargets(rule.allow, `${label}.allow`),
      deny: compileTargets(rule.deny, `${label}.deny`),
      requireScopes: Object.freeze(requireScopes),
    });
  });
  return Object.freeze({ rules: Object.freeze(compiled), source });
}
