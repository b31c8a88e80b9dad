import { z } from 'zod';
import { patternProblem } from './glob.ts';
import { isScopeToken } from './scopes.ts';

/**
 * The policy language (docs/policy.md). Validated once at load: unknown keys, bad patterns and bad
 * scope names fail the start with ERR_INVALID_POLICY naming the rule.
 */

const pattern = z.string().check((ctx) => {
  const problem = patternProblem(ctx.value);
  if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

export const scopeSchema = z.string().check((ctx) => {
  if (!isScopeToken(ctx.value)) {
    ctx.issues.push({
      code: 'custom',
      message: 'not a valid OAuth scope (printable ASCII, no spaces, quotes or backslashes)',
      input: ctx.value,
    });
  }
});

const nonEmptyName = z.string().min(1, 'must not be empty');

const targetsSchema = z.strictObject({
  tools: z.array(pattern).optional().describe('Tool name patterns (* and ?).'),
  resources: z.array(pattern).optional().describe('Resource URI patterns (* and ?).'),
  prompts: z.array(pattern).optional().describe('Prompt name patterns (* and ?).'),
});

/** Who a rule applies to. Every listed field must match (AND); within a field any entry does (OR). */
const principalsSchema = z.strictObject({
  /** API key names (exact). */
  keys: z.array(nonEmptyName).optional().describe('API key names (exact).'),
  /** JWT / introspection `sub` values (exact). */
  subs: z.array(nonEmptyName).optional().describe('Token sub values (exact).'),
  /** `client_id` (or `azp`) values (exact). */
  clientIds: z.array(nonEmptyName).optional().describe('Token client_id or azp values (exact).'),
  /** The principal holds at least one of these scopes (hierarchy applies). */
  scopes: z.array(scopeSchema).optional().describe('Holds at least one of these scopes (hierarchy applies).'),
  /** The principal is in at least one of these groups or roles. */
  groups: z.array(nonEmptyName).optional().describe('In at least one of these groups or roles.'),
  /** true: only callers without credentials; false: only authenticated callers. */
  anonymous: z
    .boolean()
    .optional()
    .describe('true: only callers without credentials; false: only authenticated ones.'),
});

export const policyRuleSchema = z.strictObject({
  description: z.string().optional().describe('Free text for humans.'),
  principals: principalsSchema
    .optional()
    .describe('Who the rule applies to: every listed field must match; omitted means everyone.'),
  allow: targetsSchema.optional().describe('What matching principals may use.'),
  deny: targetsSchema.optional().describe('What matching principals may never use (deny wins).'),
  /** Tool name pattern -> scopes every matching call needs (step-up via 403 insufficient_scope). */
  requireScopes: z
    .record(pattern, z.array(scopeSchema).min(1, 'list at least one scope'))
    .optional()
    .describe('Tool name pattern -> scopes each matching call needs (step-up via 403 insufficient_scope).'),
});

export const policySchema = z.array(policyRuleSchema);

export type PolicyRule = z.output<typeof policyRuleSchema>;
export type PolicyRuleInput = z.input<typeof policyRuleSchema>;
export type PolicyTargets = z.output<typeof targetsSchema>;
export type PolicyPrincipals = z.output<typeof principalsSchema>;
