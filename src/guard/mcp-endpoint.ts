/**
 * The guarded MCP endpoint, steps in order: authenticate -> concurrency -> read body -> inspect JSON-RPC ->
 * session binding -> rate limits -> policy -> forward -> audit. (Origin/Host checks run before this.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRequest, JSON_RPC_ERRORS, type JsonRpcMessage, type JsonRpcRequest } from '../mcp/json-rpc.ts';
import type { CompiledPolicy } from '../policy/decide.ts';
import type { AuditLog, AuditRecord } from './audit-log.ts';
import type { Authenticator } from './auth/authenticate.ts';
import type { Principal } from './auth/principal.ts';
import { buildListRewrite, judgeMessages, listRequests } from './enforce-policy.ts';
import { headerValue, readBody, sendJson, sendRpcError } from './http-reply.ts';
import { inspectPayload } from './inspect-request.ts';
import type { GuardMetrics } from './metrics.ts';
import { insufficientScopeChallenge } from './protected-resource-metadata.ts';
import type { GuardLimits } from './rate-limits.ts';
import type { SessionRegistry } from './session-registry.ts';
import { FORWARDED_REQUEST_HEADERS, type ForwardContext, type Upstream } from './upstream/upstream-types.ts';

export interface EndpointDeps {
  authenticator: () => Authenticator;
  metadataUrl: () => string;
  limits: GuardLimits;
  policy: CompiledPolicy | null;
  registry: SessionRegistry;
  upstream: Upstream;
  audit: AuditLog;
  metrics: GuardMetrics;
  maxBodyBytes: number;
  maxOpenStreams: number;
}

const KNOWN_METHODS = new Set([
  'initialize',
  'ping',
  'server/discover',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'subscriptions/listen',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/roots/list_changed',
  'notifications/progress',
]);

/** Bounded label values: a client cannot blow up metric cardinality with invented method names. */
export function metricMethod(method: string | null): string {
  if (method === null) return 'none';
  return KNOWN_METHODS.has(method) ? method : 'other';
}

export function createMcpEndpoint(deps: EndpointDeps) {
  let streams = 0;
  const slots = {
    tryOpen(): boolean {
      if (streams >= deps.maxOpenStreams) return false;
      streams++;
      deps.metrics.streamOpened();
      return true;
    },
    release(): void {
      streams = Math.max(0, streams - 1);
      deps.metrics.streamClosed();
    },
  };

  return async function handleMcp(
    req: IncomingMessage,
    res: ServerResponse,
    record: AuditRecord,
  ): Promise<void> {
    const httpMethod = req.method as 'POST' | 'GET' | 'DELETE';
    const deny = (
      reason: string,
      status: number,
      code: number,
      message: string,
      headers: Record<string, string> = {},
    ): void => {
      record.decision = 'deny';
      record.reason = reason;
      record.status = status;
      deps.metrics.countDenial(reason);
      record.bytesOut += sendRpcError(res, status, code, message, { headers, id: null });
    };

    // 1. authenticate
    const pending = deps.authenticator().authenticate(headerValue(req, 'authorization'));
    const outcome = pending instanceof Promise ? await pending : pending;
    if (!outcome.ok) {
      return deny(
        outcome.status === 401 ? 'unauthenticated' : 'insufficient-scope',
        outcome.status,
        -32001,
        outcome.description,
        {
          'www-authenticate': outcome.wwwAuthenticate,
        },
      );
    }
    const principal: Principal = outcome.principal;
    record.principal = principal.id;
    record.principalKind = principal.kind;

    // 2. concurrency cap (per principal, released when this exchange ends)
    const release = deps.limits.acquire(principal.id);
    if (release === null)
      return deny('concurrency', 429, -32029, 'Too many concurrent requests', { 'retry-after': '1' });
    try {
      await handleAuthenticated(req, res, record, principal, httpMethod, deny);
    } finally {
      release();
    }
  };

  async function handleAuthenticated(
    req: IncomingMessage,
    res: ServerResponse,
    record: AuditRecord,
    principal: Principal,
    httpMethod: 'POST' | 'GET' | 'DELETE',
    deny: (
      reason: string,
      status: number,
      code: number,
      message: string,
      headers?: Record<string, string>,
    ) => void,
  ): Promise<void> {
    // 3. body and JSON-RPC inspection
    let messages: JsonRpcMessage[] = [];
    let batch = false;
    let body: Buffer | null = null;
    let era: 'modern' | 'session' = 'session';
    const header = (name: string): string | undefined => headerValue(req, name);
    if (httpMethod === 'POST') {
      const type = (header('content-type') ?? '').toLowerCase();
      if (!type.startsWith('application/json')) {
        return deny(
          'bad-content-type',
          415,
          JSON_RPC_ERRORS.INVALID_REQUEST,
          'Content-Type must be application/json',
        );
      }
      const read = await readBody(req, deps.maxBodyBytes);
      if (!read.ok) {
        if (read.reason === 'aborted') return;
        return deny(
          'body-too-large',
          413,
          JSON_RPC_ERRORS.INVALID_REQUEST,
          `Request body exceeds ${deps.maxBodyBytes} bytes`,
        );
      }
      body = read.body;
      record.bytesIn = body.length;
      const inspection = inspectPayload(body, header);
      if (!inspection.ok) {
        record.decision = 'deny';
        record.reason = inspection.code === JSON_RPC_ERRORS.HEADER_MISMATCH ? 'header-mismatch' : 'malformed';
        record.status = inspection.status;
        deps.metrics.countDenial(record.reason);
        record.bytesOut += sendRpcError(res, inspection.status, inspection.code, inspection.message, {
          id: inspection.id,
        });
        return;
      }
      ({ messages, batch, era } = inspection);
      record.era = era;
      record.client = inspection.clientName;
      const first = messages[0];
      record.method = first !== undefined && 'method' in first ? first.method : null;
    } else {
      record.era =
        header('mcp-protocol-version') !== undefined && (header('mcp-protocol-version') as string) >= '2026'
          ? 'modern'
          : 'session';
      era = record.era;
    }

    // 4. session binding (2025 era only; 2026-07-28 has no sessions and its session headers are ignored)
    const sessionId = era === 'session' ? header('mcp-session-id') : undefined;
    if (sessionId !== undefined) {
      record.sessionId = sessionId;
      const check = deps.registry.check(sessionId, principal.id);
      if (!check.ok) {
        if (check.reason === 'unknown-session')
          return deny('unknown-session', 404, -32001, 'Session not found');
        return deny('session-principal-mismatch', 403, -32001, 'Session belongs to another principal');
      }
      record.client ??= deps.registry.clientOf(sessionId);
    }

    // 5. rate limits (keyed by principal, so re-initializing resets nothing)
    const requests: JsonRpcRequest[] = [];
    const toolCalls: string[] = [];
    for (const m of messages) {
      if (!isRequest(m)) continue;
      requests.push(m);
      if (m.method !== 'tools/call') continue;
      const name = (m.params as Record<string, unknown> | undefined)?.name;
      toolCalls.push(typeof name === 'string' ? name : '');
    }
    const consumed = deps.limits.consume(principal.id, requests.length, toolCalls);
    // In-memory counters answer synchronously; awaiting only a real promise saves a microtask turn.
    const limited = consumed instanceof Promise ? await consumed : consumed;
    if (!limited.ok) {
      const status = limited.reason === 'limits-unavailable' ? 503 : 429;
      return deny(limited.reason, status, -32029, `Rate limit exceeded (${limited.reason})`, {
        'retry-after': String(limited.retryAfterSeconds),
      });
    }

    // 6. policy, element by element
    const judgement = judgeMessages(deps.policy, principal, messages);
    const named = judgement.verdicts.find((v) => v.operation !== null);
    if (named?.operation) record.name = named.operation.name;
    if (named?.decision) record.rule = named.decision.rule;
    if (batch) {
      record.batch = judgement.verdicts.map((v) => ({
        method: 'method' in v.message ? v.message.method : null,
        name: v.operation?.name ?? null,
        decision: v.decision === null ? 'allow' : v.decision.allow ? 'allow' : 'deny',
        rule: v.decision?.rule ?? null,
      }));
    }
    if (deps.audit.logArguments && !batch && toolCalls.length === 1) {
      record.arguments = (requests[0]?.params as Record<string, unknown> | undefined)?.arguments;
    }
    if (judgement.stepUpScopes.length > 0) {
      return deny(
        'insufficient-scope',
        403,
        -32001,
        `Insufficient scope: requires ${judgement.stepUpScopes.join(' ')}`,
        {
          'www-authenticate': insufficientScopeChallenge(judgement.stepUpScopes, deps.metadataUrl()),
        },
      );
    }
    if (judgement.denials.length > 0) {
      record.decision = 'deny';
      record.reason = 'policy';
      deps.metrics.countDenial('policy');
      if (!judgement.forwarded.some(isRequest)) {
        // Nothing left worth forwarding: the guard answers alone (notifications in a batch are dropped with it).
        record.status = 200;
        record.bytesOut += sendJson(res, 200, batch ? judgement.denials : judgement.denials[0]);
        return;
      }
    }

    // 7. forward
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const v = header(name);
      if (v !== undefined) headers[name] = v;
    }
    for (const name in req.headers) {
      const value = req.headers[name];
      if (name.startsWith('mcp-param-') && typeof value === 'string') headers[name] = value;
    }
    if (era === 'modern') {
      delete headers['mcp-session-id'];
      delete headers['last-event-id'];
    }
    const forwarded = judgement.denials.length > 0 ? judgement.forwarded : messages;
    if (forwarded !== messages && body !== null) body = Buffer.from(JSON.stringify(forwarded));
    const ctx: ForwardContext = {
      httpMethod,
      headers,
      body,
      messages: forwarded,
      batch,
      principalId: principal.id,
      sessionId,
      era,
      clientName: record.client,
      // Lists are only filtered under a policy; without one, no response needs parsing.
      rewrite:
        deps.policy === null || deps.policy.rules.length === 0
          ? null
          : buildListRewrite(deps.policy, principal, listRequests(forwarded)),
      extraResponses: judgement.denials,
      onSessionIssued: (id) => deps.registry.bind(id, principal.id, record.client),
      onSessionClosed: (id) => deps.registry.forget(id),
      streams: slots,
    };
    const result = await deps.upstream.forward(ctx, res);
    record.status = result.status;
    record.bytesOut += result.bytesOut;
    record.upstreamMs = result.upstreamMs === null ? null : Math.round(result.upstreamMs * 1000) / 1000;
    if (result.upstreamMs !== null) deps.metrics.observeLatency('upstream', result.upstreamMs / 1000);
    if (result.error !== null && result.error !== 'client-closed') {
      record.decision = record.decision === 'deny' ? 'deny' : 'error';
      record.reason ??= result.error;
      deps.metrics.countUpstreamError(result.error);
    }
  }
}
