import { classifyJsonRpcMessage, findResponse, type JsonRpcMessage } from '../mcp/json-rpc.ts';
import { buildInitializeRequest } from '../mcp/protocol.ts';
import { parseInitializeResult } from '../mcp/results.ts';
import { createSseEventReader, type SseEventReader } from '../mcp/sse-event-reader.ts';
import { type HttpHead, headerValue } from '../net/http-client.ts';
import type { NetFailure } from '../net/net-failure.ts';
import { emptyFacts } from './endpoint-facts.ts';
import { type EraAttempt, lookalikeNote, passiveHint } from './era-attempt.ts';
import { listSurface } from './list-surface.ts';
import { handshakeWithForeignOrigin } from './origin-handshake.ts';
import type { ProbeContext } from './probe-context.ts';
import { exchange, type HttpAnswer, readAnswer } from './rpc-exchange.ts';
import { sendInitialized, sessionListCall } from './session-calls.ts';

/** Read the stream until the response with `id` arrives, or the deadline passes. */
async function awaitResponse(
  ctx: ProbeContext,
  reader: SseEventReader,
  id: number,
): Promise<JsonRpcMessage | null> {
  const deadline = Date.now() + ctx.requestTimeoutMs;
  for (;;) {
    const read = await reader.next(Math.max(0, deadline - Date.now()));
    if (read.kind !== 'event') return null;
    if (read.event.event !== 'message') continue;
    let value: unknown;
    try {
      value = JSON.parse(read.event.data);
    } catch {
      continue;
    }
    const message = classifyJsonRpcMessage(value);
    if (message && findResponse([message], id)) return message;
  }
}

/**
 * 2024-11-05 HTTP+SSE: GET the stream, take the `endpoint` event, POST there,
 * read every answer from the stream. The stream is bounded in bytes and time.
 */
type Opened =
  | { kind: 'failure'; failure: NetFailure }
  | { kind: 'answer'; answer: HttpAnswer }
  | { kind: 'stream'; head: HttpHead };

/** GET the path as an event stream: a stream to read, or the (bounded) answer that came instead. */
async function openStream(
  ctx: ProbeContext,
  url: string,
  extraHeaders: Record<string, string>,
): Promise<Opened> {
  await ctx.acquire();
  ctx.counters.requests += 1;
  // The request deadline holds until the answer proves to be a stream; then the endpoint budget does.
  const untilStream = new AbortController();
  const timer = setTimeout(() => untilStream.abort(), ctx.requestTimeoutMs);
  const head = await ctx.client.send({
    method: 'GET',
    url,
    headers: { accept: 'text/event-stream', ...extraHeaders, ...ctx.targetHeaders },
    signal: AbortSignal.any([ctx.signal, untilStream.signal]),
  });
  if (!head.ok) {
    clearTimeout(timer);
    return { kind: 'failure', failure: head.failure };
  }
  const contentType = (headerValue(head.headers, 'content-type') ?? '').toLowerCase();
  if (contentType.startsWith('text/event-stream') && head.status === 200) {
    clearTimeout(timer);
    return { kind: 'stream', head };
  }
  const answer = await readAnswer(ctx, head, null);
  clearTimeout(timer);
  return answer.bodyFailure ? { kind: 'failure', failure: answer.bodyFailure } : { kind: 'answer', answer };
}

/**
 * 2024-11-05 HTTP+SSE: GET the stream, take the `endpoint` event, POST there,
 * read every answer from the stream. The stream is bounded in bytes and time.
 */
export async function probeLegacySse(ctx: ProbeContext, url: string): Promise<EraAttempt> {
  const { answer: opened, originProbe } = await handshakeWithForeignOrigin(
    ctx,
    (extra) => openStream(ctx, url, extra),
    (o) => (o.kind === 'answer' ? o.answer : o.kind === 'stream' ? o.head : null),
  );
  if (opened.kind === 'failure') return { kind: 'failure', failure: opened.failure };
  if (opened.kind === 'answer') {
    const answer = opened.answer;
    if (answer.status === 401 || answer.status === 403) return { kind: 'refused', answer };
    const hint = passiveHint(answer);
    return hint ? { kind: 'hint', note: `GET: ${hint}` } : { kind: 'absent', answer };
  }
  const head = opened.head;
  const reader = createSseEventReader(head.body, ctx.maxBodyBytes);
  try {
    const first = await reader.next(ctx.requestTimeoutMs);
    if (first.kind !== 'event' || first.event.event !== 'endpoint') {
      return { kind: 'hint', note: 'GET opened an SSE stream without an endpoint event' };
    }
    let postUrl: URL;
    try {
      postUrl = new URL(first.event.data.trim(), url);
    } catch {
      return { kind: 'protocol-error', note: 'SSE endpoint event is not a URL' };
    }
    if (postUrl.origin !== new URL(url).origin) {
      return {
        kind: 'protocol-error',
        note: `SSE endpoint event points to another origin (${postUrl.origin}); not followed`,
      };
    }
    ctx.evidence.push(`SSE endpoint event: ${postUrl.pathname}${postUrl.search ? '?…' : ''}`);

    const id = ctx.nextId();
    const init = buildInitializeRequest(id, ctx.clientInfo);
    const posted = await exchange(ctx, {
      method: 'POST',
      url: postUrl.href,
      headers: init.headers,
      body: init.body,
      expectId: id,
    });
    if (posted.kind !== 'http') return { kind: 'hint', note: 'SSE endpoint announced but the POST failed' };
    if (posted.status === 401 || posted.status === 403) return { kind: 'refused', answer: posted };
    const response = posted.response ?? (await awaitResponse(ctx, reader, id));
    if (!response || !('result' in response)) {
      const note = response ? lookalikeNote({ ...posted, response }, 'initialize') : null;
      return note
        ? { kind: 'lookalike', note }
        : { kind: 'hint', note: 'SSE endpoint event, but no initialize result on the stream' };
    }
    const initialized = parseInitializeResult(response.result);
    if ('invalid' in initialized) return { kind: 'lookalike', note: initialized.invalid };

    const version = initialized.protocolVersion;
    const facts = emptyFacts(url);
    facts.transport = 'sse';
    facts.era = '2024-11-05';
    facts.protocolVersion = version;
    facts.serverInfo = initialized.serverInfo;
    facts.capabilities = initialized.capabilities;
    facts.instructions = initialized.instructions;
    facts.originProbe = originProbe;
    ctx.evidence.push(`initialize answered on the SSE stream: protocol ${version}`);

    await sendInitialized(ctx, postUrl.href, version, null);
    const call = sessionListCall(ctx, postUrl.href, version, null, (id) => awaitResponse(ctx, reader, id));
    await listSurface(ctx, call, facts);
    return {
      kind: 'confirmed',
      verdict: { status: facts.refusal ? 'mcp-partial' : 'mcp-open', facts, error: null },
    };
  } finally {
    reader.close();
  }
}
