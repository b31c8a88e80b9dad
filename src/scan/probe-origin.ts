import { buildInitializeRequest, buildModernRequest, HEADER_SESSION_ID } from '../mcp/protocol.ts';
import { destroyQuietly, headerValue } from '../net/http-client.ts';
import type { EndpointFacts } from './endpoint-facts.ts';
import type { OriginProbe } from './observation.ts';
import type { ProbeContext } from './probe-context.ts';
import { deleteSession } from './probe-session.ts';
import { exchange } from './rpc-exchange.ts';

/** A origin no real page could have: the .invalid TLD never resolves (RFC 2606). */
export const FOREIGN_ORIGIN = 'http://dns-rebinding-check.mcp-lockdown.invalid';

/**
 * One extra handshake carrying a foreign Origin. A server that validates Origin answers 403
 * (as the spec requires); one that processes the request is open to DNS rebinding.
 */
export async function probeOrigin(ctx: ProbeContext, facts: EndpointFacts): Promise<OriginProbe> {
  const probe: OriginProbe = {
    origin: FOREIGN_ORIGIN,
    status: null,
    accepted: false,
    allowOrigin: null,
    allowCredentials: false,
  };
  const id = ctx.nextId();
  let answer: Awaited<ReturnType<typeof exchange>>;
  if (facts.era === '2026-07-28') {
    const wire = buildModernRequest(id, 'server/discover', ctx.clientInfo);
    answer = await exchange(ctx, {
      method: 'POST',
      url: facts.url,
      headers: { ...wire.headers, origin: FOREIGN_ORIGIN },
      body: wire.body,
      expectId: id,
    });
  } else if (facts.era === '2025') {
    const wire = buildInitializeRequest(id, ctx.clientInfo);
    answer = await exchange(ctx, {
      method: 'POST',
      url: facts.url,
      headers: { ...wire.headers, origin: FOREIGN_ORIGIN },
      body: wire.body,
      expectId: id,
    });
  } else {
    // Legacy SSE: opening the stream is the request a rebinding page would make; read the head only.
    await ctx.acquire();
    ctx.counters.requests += 1;
    const head = await ctx.client.send({
      method: 'GET',
      url: facts.url,
      headers: { accept: 'text/event-stream', origin: FOREIGN_ORIGIN, ...ctx.targetHeaders },
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.requestTimeoutMs)]),
    });
    if (!head.ok) return probe;
    destroyQuietly(head.body);
    probe.status = head.status;
    probe.accepted = head.status >= 200 && head.status < 300;
    probe.allowOrigin = headerValue(head.headers, 'access-control-allow-origin');
    probe.allowCredentials = headerValue(head.headers, 'access-control-allow-credentials') === 'true';
    return probe;
  }
  if (answer.kind !== 'http') return probe;
  probe.status = answer.status;
  probe.accepted =
    answer.status >= 200 && answer.status < 300 && answer.response !== null && 'result' in answer.response;
  probe.allowOrigin = headerValue(answer.headers, 'access-control-allow-origin');
  probe.allowCredentials = headerValue(answer.headers, 'access-control-allow-credentials') === 'true';
  const sessionId = headerValue(answer.headers, HEADER_SESSION_ID);
  if (facts.era === '2025' && sessionId && probe.accepted) {
    await deleteSession(ctx, facts.url, facts.protocolVersion ?? '2025-11-25', sessionId);
  }
  return probe;
}
