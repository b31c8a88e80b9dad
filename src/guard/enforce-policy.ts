/**
 * The policy step over parsed JSON-RPC: which messages are named operations (tools/call, resources/read,
 * prompts/get), what the policy says about each (batches element by element), and the rewrite that
 * filters list results to what the caller may use. Pure.
 */
import type { JsonRpcId, JsonRpcMessage } from '../mcp/json-rpc.ts';
import { isRequest, jsonRpcError } from '../mcp/json-rpc.ts';
import {
  type CompiledPolicy,
  type Decision,
  decide,
  filterListed,
  type PolicyKind,
} from '../policy/decide.ts';
import type { Principal } from './auth/principal.ts';

/** JSON-RPC error code the guard uses for a call the policy denies (documented in docs/guard.md). */
export const POLICY_DENIED_CODE = -32003;

const NAMED: Record<string, { kind: PolicyKind; field: 'name' | 'uri' }> = {
  'tools/call': { kind: 'tool', field: 'name' },
  'prompts/get': { kind: 'prompt', field: 'name' },
  'resources/read': { kind: 'resource', field: 'uri' },
};

const LISTS: Record<string, { kind: PolicyKind; field: string; key: 'name' | 'uri' }> = {
  'tools/list': { kind: 'tool', field: 'tools', key: 'name' },
  'prompts/list': { kind: 'prompt', field: 'prompts', key: 'name' },
  'resources/list': { kind: 'resource', field: 'resources', key: 'uri' },
  'resources/templates/list': { kind: 'resource', field: 'resourceTemplates', key: 'uri' },
};

function params(m: JsonRpcMessage): Record<string, unknown> {
  const p = 'params' in m ? m.params : undefined;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** The named operation a message asks for, or null (lists, pings, notifications...). */
export function namedOperation(m: JsonRpcMessage): { kind: PolicyKind; name: string } | null {
  if (!('method' in m)) return null;
  const spec = NAMED[m.method];
  if (spec === undefined) return null;
  const value = params(m)[spec.field];
  return { kind: spec.kind, name: typeof value === 'string' ? value : '' };
}

export interface Verdict {
  message: JsonRpcMessage;
  operation: { kind: PolicyKind; name: string } | null;
  decision: Decision | null;
}

export interface PolicyJudgement {
  verdicts: Verdict[];
  /** Scopes for a 403 insufficient_scope challenge (every scope any element needs); empty when none. */
  stepUpScopes: string[];
  /** Messages to forward (denied requests removed). */
  forwarded: JsonRpcMessage[];
  /** Error responses the guard answers itself for denied requests. */
  denials: JsonRpcMessage[];
}

export function judgeMessages(
  policy: CompiledPolicy | null,
  principal: Principal,
  messages: JsonRpcMessage[],
): PolicyJudgement {
  const verdicts: Verdict[] = [];
  const stepUp = new Set<string>();
  const forwarded: JsonRpcMessage[] = [];
  const denials: JsonRpcMessage[] = [];
  for (const message of messages) {
    const operation = namedOperation(message);
    const decision = operation === null ? null : decide(policy, principal, operation);
    verdicts.push({ message, operation, decision });
    if (decision === null || decision.allow) {
      forwarded.push(message);
      continue;
    }
    for (const s of decision.requiredScopes) stepUp.add(s);
    if (isRequest(message) && operation !== null) {
      denials.push(
        jsonRpcError(
          message.id,
          POLICY_DENIED_CODE,
          `Forbidden by policy: ${operation.kind} '${operation.name}' is not allowed for this caller`,
          {
            rule: decision.rule,
          },
        ),
      );
    }
  }
  return { verdicts, stepUpScopes: [...stepUp], forwarded, denials };
}

/** Which list kind each request id asks for; empty when the payload has no list requests. */
export function listRequests(messages: JsonRpcMessage[]): Map<JsonRpcId, string> {
  const out = new Map<JsonRpcId, string>();
  for (const m of messages) if (isRequest(m) && LISTS[m.method] !== undefined) out.set(m.id, m.method);
  return out;
}

/** A rewrite for responses to list requests: keeps only the items the principal may use. */
export function buildListRewrite(
  policy: CompiledPolicy | null,
  principal: Principal,
  lists: Map<JsonRpcId, string>,
): ((m: JsonRpcMessage) => JsonRpcMessage) | null {
  if (lists.size === 0 || policy === null || policy.rules.length === 0) return null;
  return (m) => {
    if (!('result' in m) || !lists.has(m.id)) return m;
    const spec = LISTS[lists.get(m.id) as string];
    const result = m.result;
    if (spec === undefined || typeof result !== 'object' || result === null) return m;
    const items = (result as Record<string, unknown>)[spec.field];
    if (!Array.isArray(items)) return m;
    const typed = items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
    const keyed = typed.map((item) => ({
      item,
      name: typeof item.name === 'string' ? item.name : undefined,
      uri:
        spec.field === 'resourceTemplates'
          ? typeof item.uriTemplate === 'string'
            ? item.uriTemplate
            : undefined
          : typeof item.uri === 'string'
            ? item.uri
            : undefined,
    }));
    const kept = filterListed(policy, principal, spec.kind, keyed).map((k) => k.item);
    return { ...m, result: { ...(result as Record<string, unknown>), [spec.field]: kept } };
  };
}
