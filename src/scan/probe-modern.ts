import { JSON_RPC_ERRORS } from '../mcp/json-rpc.ts';
import { buildModernRequest, isSessionEraVersion, MODERN_PROTOCOL_VERSION } from '../mcp/protocol.ts';
import { parseDiscoverResult, supportedVersionsFromError } from '../mcp/results.ts';
import { emptyFacts } from './endpoint-facts.ts';
import { type EraAttempt, lookalikeNote } from './era-attempt.ts';
import { type ListCall, listReplyFrom, listSurface } from './list-surface.ts';
import { handshakeWithForeignOrigin } from './origin-handshake.ts';
import type { ProbeContext } from './probe-context.ts';
import { exchange } from './rpc-exchange.ts';

async function postModern(
  ctx: ProbeContext,
  url: string,
  method: string,
  params: Record<string, unknown> = {},
  extraHeaders: Record<string, string> = {},
) {
  const id = ctx.nextId();
  const wire = buildModernRequest(id, method, ctx.clientInfo, params);
  const headers = { ...wire.headers, ...extraHeaders };
  return exchange(ctx, { method: 'POST', url, headers, body: wire.body, expectId: id });
}

/** 2026-07-28: POST server/discover with the per-request envelope; list with the same envelope. */
export async function probeModern(ctx: ProbeContext, url: string): Promise<EraAttempt> {
  const { answer, originProbe } = await handshakeWithForeignOrigin(ctx, (extra) =>
    postModern(ctx, url, 'server/discover', {}, extra),
  );
  if (answer.kind === 'failure') return { kind: 'failure', failure: answer.failure };
  if (answer.kind === 'redirect-refused')
    return { kind: 'redirect-refused', note: `redirect to ${answer.location} not followed` };
  if (answer.status === 401 || answer.status === 403) return { kind: 'refused', answer };
  const response = answer.response;
  if (response && 'error' in response) {
    const supported = supportedVersionsFromError(response.error.data);
    if (response.error.code === JSON_RPC_ERRORS.UNSUPPORTED_PROTOCOL_VERSION && supported) {
      // A recognised modern error: the server speaks a per-request era, but not ours.
      if (!supported.includes(MODERN_PROTOCOL_VERSION) && !supported.every(isSessionEraVersion)) {
        return {
          kind: 'hint',
          note: `server/discover refused our version; supports ${supported.join(', ')}`,
          supportedVersions: supported,
        };
      }
    }
    return { kind: 'absent', answer };
  }
  if (response && 'result' in response) {
    const discovered = parseDiscoverResult(response.result);
    if ('invalid' in discovered) {
      return { kind: 'lookalike', note: lookalikeNote(answer, 'server/discover') ?? discovered.invalid };
    }
    const endpoint = answer.url;
    const facts = emptyFacts(endpoint);
    facts.transport = 'streamable-http';
    facts.era = '2026-07-28';
    facts.supportedVersions = discovered.supportedVersions;
    facts.serverInfo = discovered.serverInfo;
    facts.capabilities = discovered.capabilities;
    facts.instructions = discovered.instructions;
    facts.originProbe = originProbe;
    facts.protocolVersion = discovered.supportedVersions.includes(MODERN_PROTOCOL_VERSION)
      ? MODERN_PROTOCOL_VERSION
      : (discovered.supportedVersions[0] ?? null);
    ctx.evidence.push(`server/discover answered: supports ${discovered.supportedVersions.join(', ')}`);
    if (facts.protocolVersion === MODERN_PROTOCOL_VERSION) {
      const call: ListCall = async (method, cursor) => {
        const reply = await postModern(ctx, endpoint, method, cursor === null ? {} : { cursor });
        if (reply.kind !== 'http') return { kind: 'error', message: `${method} failed: ${reply.kind}` };
        return listReplyFrom(reply);
      };
      await listSurface(ctx, call, facts);
    } else {
      ctx.evidence.push('no mutually supported per-request version: surface not listed');
    }
    return {
      kind: 'confirmed',
      verdict: { status: facts.refusal ? 'mcp-partial' : 'mcp-open', facts, error: null },
    };
  }
  return { kind: 'absent', answer };
}
