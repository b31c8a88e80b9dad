import { buildInitializeRequest, buildSessionRequest, HEADER_SESSION_ID } from '../mcp/protocol.ts';
import { parseInitializeResult } from '../mcp/results.ts';
import { headerValue } from '../net/http-client.ts';
import { emptyFacts } from './endpoint-facts.ts';
import { type EraAttempt, lookalikeNote, passiveHint } from './era-attempt.ts';
import { listSurface } from './list-surface.ts';
import { handshakeWithForeignOrigin } from './origin-handshake.ts';
import type { ProbeContext } from './probe-context.ts';
import { exchange } from './rpc-exchange.ts';
import { sendInitialized, sessionListCall } from './session-calls.ts';

const SESSION_ID_PATTERN = /^[\x21-\x7e]{1,512}$/;

/**
 * 2025 Streamable HTTP: initialize -> notifications/initialized -> lists -> DELETE.
 * The session id is echoed when issued and never required (many servers are stateless).
 */
export async function probeSession(ctx: ProbeContext, url: string): Promise<EraAttempt> {
  const id = ctx.nextId();
  const init = buildInitializeRequest(id, ctx.clientInfo);
  const { answer, originProbe } = await handshakeWithForeignOrigin(ctx, (extra) =>
    exchange(ctx, {
      method: 'POST',
      url,
      headers: { ...init.headers, ...extra },
      body: init.body,
      expectId: id,
    }),
  );
  if (answer.kind === 'failure') return { kind: 'failure', failure: answer.failure };
  if (answer.kind === 'redirect-refused')
    return { kind: 'redirect-refused', note: `redirect to ${answer.location} not followed` };
  if (answer.status === 401 || answer.status === 403) return { kind: 'refused', answer };
  const response = answer.response;
  if (!response || !('result' in response)) {
    const hint = passiveHint(answer);
    if (hint) return { kind: 'hint', note: hint };
    const note = lookalikeNote(answer, 'initialize');
    if (note) return { kind: 'lookalike', note };
    if (answer.truncated) return { kind: 'protocol-error', note: 'initialize answer exceeded the body cap' };
    return { kind: 'absent', answer };
  }
  const initialized = parseInitializeResult(response.result);
  if ('invalid' in initialized) return { kind: 'lookalike', note: initialized.invalid };

  const endpoint = answer.url;
  const rawSession = headerValue(answer.headers, HEADER_SESSION_ID);
  const sessionId = rawSession !== null && SESSION_ID_PATTERN.test(rawSession) ? rawSession : null;
  if (rawSession !== null && sessionId === null) ctx.evidence.push('ignored a malformed Mcp-Session-Id');
  const version = initialized.protocolVersion;
  const facts = emptyFacts(endpoint);
  facts.transport = 'streamable-http';
  facts.era = '2025';
  facts.protocolVersion = version;
  facts.serverInfo = initialized.serverInfo;
  facts.capabilities = initialized.capabilities;
  facts.instructions = initialized.instructions;
  facts.session = { issued: sessionId !== null, deleted: null };
  facts.originProbe = originProbe;
  ctx.evidence.push(
    `initialize answered (${answer.contentType.startsWith('text/event-stream') ? 'SSE' : 'JSON'}): protocol ${version}` +
      (sessionId ? ', session id issued' : ', no session id'),
  );

  await sendInitialized(ctx, endpoint, version, sessionId);
  await listSurface(ctx, sessionListCall(ctx, endpoint, version, sessionId), facts);

  if (sessionId !== null) facts.session.deleted = await deleteSession(ctx, endpoint, version, sessionId);
  return {
    kind: 'confirmed',
    verdict: { status: facts.refusal ? 'mcp-partial' : 'mcp-open', facts, error: null },
  };
}

/** End a session we opened, so the scan leaves nothing behind. */
export async function deleteSession(
  ctx: ProbeContext,
  url: string,
  version: string,
  sessionId: string,
): Promise<boolean> {
  const headers = buildSessionRequest(null, 'x', version, sessionId).headers;
  delete headers['content-type'];
  const answer = await exchange(ctx, { method: 'DELETE', url, headers });
  return answer.kind === 'http' && answer.status >= 200 && answer.status < 300;
}
