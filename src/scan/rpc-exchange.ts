import {
  classifyJsonRpcMessage,
  findResponse,
  type JsonRpcMessage,
  parseJsonRpcPayload,
} from '../mcp/json-rpc.ts';
import { createSseEventReader } from '../mcp/sse-event-reader.ts';
import { destroyQuietly, type HttpHead, headerValue, readBodyCapped } from '../net/http-client.ts';
import type { NetFailure } from '../net/net-failure.ts';
import type { ProbeContext } from './probe-context.ts';

const MAX_REDIRECTS = 3;
/** Bytes of a non-MCP body kept for hint matching and evidence. */
const SNIPPET_BYTES = 2048;

export interface HttpAnswer {
  kind: 'http';
  status: number;
  headers: HttpHead['headers'];
  contentType: string;
  /** The URL that finally answered (after same-origin redirects). */
  url: string;
  /** The JSON-RPC response matching our id, when one came back. */
  response: JsonRpcMessage | null;
  /** Every JSON-RPC message seen (JSON body or SSE data). */
  messages: JsonRpcMessage[];
  /** The start of the body, for hints; never the whole of a large body. */
  snippet: string;
  /** The whole body as text (JSON/plain answers within the cap); null for SSE or truncated bodies. */
  text: string | null;
  truncated: boolean;
  /** Set when the body looked like JSON-RPC/SSE but could not be parsed. */
  parseProblem: string | null;
  /** Set when reading the body failed (timeout, reset) after the headers came. */
  bodyFailure?: NetFailure;
}

export type ExchangeOutcome =
  | HttpAnswer
  | { kind: 'failure'; failure: NetFailure; url: string }
  | { kind: 'redirect-refused'; status: number; location: string; url: string };

export interface ExchangeRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** JSON-RPC id whose response we wait for (SSE streams are read until it arrives). */
  expectId?: number | null;
  /** Send the user's --header values (only ever for the target's own origin). */
  withTargetHeaders?: boolean;
}

function requestSignal(ctx: ProbeContext): AbortSignal {
  return AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.requestTimeoutMs)]);
}

/** One HTTP exchange with same-origin redirect following and bounded reading of JSON or SSE answers. */
export async function exchange(ctx: ProbeContext, req: ExchangeRequest): Promise<ExchangeOutcome> {
  let url = req.url;
  for (let hop = 0; ; hop += 1) {
    await ctx.acquire();
    ctx.counters.requests += 1;
    const headers =
      req.withTargetHeaders !== false && new URL(url).origin === ctx.targetOrigin
        ? { ...req.headers, ...ctx.targetHeaders }
        : req.headers;
    const head = await ctx.client.send({
      method: req.method,
      url,
      headers,
      body: req.body,
      signal: requestSignal(ctx),
    });
    if (!head.ok) return { kind: 'failure', failure: head.failure, url };
    const location = headerValue(head.headers, 'location');
    if (head.status >= 300 && head.status < 400 && location !== null) {
      destroyQuietly(head.body);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return { kind: 'redirect-refused', status: head.status, location: location.slice(0, 512), url };
      }
      if (next.origin !== new URL(url).origin || hop >= MAX_REDIRECTS) {
        return { kind: 'redirect-refused', status: head.status, location: next.href.slice(0, 512), url };
      }
      ctx.evidence.push(
        `${req.method} ${new URL(url).pathname} redirected (${head.status}) to ${next.pathname}`,
      );
      url = next.href;
      continue;
    }
    const answer = await readAnswer(ctx, head, req.expectId ?? null);
    // Headers came but the body did not: the exchange failed, whatever the status said.
    if (answer.bodyFailure) return { kind: 'failure', failure: answer.bodyFailure, url };
    return answer;
  }
}

/** Read an HTTP answer (JSON, plain or SSE) within the context's caps. */
export async function readAnswer(
  ctx: ProbeContext,
  head: HttpHead,
  expectId: number | null,
): Promise<HttpAnswer> {
  const contentType = (headerValue(head.headers, 'content-type') ?? '').toLowerCase();
  const base = {
    kind: 'http' as const,
    status: head.status,
    headers: head.headers,
    contentType,
    url: head.url,
  };
  if (contentType.startsWith('text/event-stream')) {
    return { ...base, ...(await readSseAnswer(ctx, head, expectId)) };
  }
  const body = await readBodyCapped(head.body, ctx.maxBodyBytes);
  const text = body.bytes.toString('utf8');
  const snippet = text.slice(0, SNIPPET_BYTES);
  if (body.failure) {
    const problem = body.failure.message;
    return {
      ...base,
      response: null,
      messages: [],
      snippet,
      text: null,
      truncated: false,
      parseProblem: problem,
      bodyFailure: body.failure,
    };
  }
  if (body.truncated) {
    return {
      ...base,
      response: null,
      messages: [],
      snippet,
      text: null,
      truncated: true,
      parseProblem: null,
    };
  }
  const looksJson = contentType.includes('json') || /^\s*[[{]/.test(snippet);
  if (!looksJson || text.trim() === '') {
    return { ...base, response: null, messages: [], snippet, text, truncated: false, parseProblem: null };
  }
  const parsed = parseJsonRpcPayload(text);
  if (!parsed.ok) {
    return {
      ...base,
      response: null,
      messages: [],
      snippet,
      text,
      truncated: false,
      parseProblem: parsed.reason,
    };
  }
  const response = pickResponse(parsed.messages, expectId);
  return {
    ...base,
    response,
    messages: parsed.messages,
    snippet,
    text,
    truncated: false,
    parseProblem: null,
  };
}

function pickResponse(messages: JsonRpcMessage[], expectId: number | null): JsonRpcMessage | null {
  if (expectId !== null) {
    const match = findResponse(messages, expectId);
    if (match) return match;
  }
  // Error responses to unparseable requests carry id null.
  return findResponse(messages, null) ?? null;
}

async function readSseAnswer(
  ctx: ProbeContext,
  head: HttpHead,
  expectId: number | null,
): Promise<
  Omit<HttpAnswer, 'kind' | 'status' | 'headers' | 'contentType' | 'url' | 'text'> & { text: null }
> {
  const reader = createSseEventReader(head.body, ctx.maxBodyBytes);
  const messages: JsonRpcMessage[] = [];
  let snippet = '';
  let parseProblem: string | null = null;
  try {
    for (;;) {
      const read = await reader.next(ctx.requestTimeoutMs);
      if (read.kind === 'too-large')
        return { response: null, messages, snippet, text: null, truncated: true, parseProblem };
      if (read.kind !== 'event') {
        if (read.kind === 'timeout') parseProblem ??= 'SSE stream sent no response before the deadline';
        const response = expectId === null ? null : (findResponse(messages, expectId) ?? null);
        return { response, messages, snippet, text: null, truncated: false, parseProblem };
      }
      if (snippet.length < SNIPPET_BYTES)
        snippet += `event: ${read.event.event}\ndata: ${read.event.data.slice(0, SNIPPET_BYTES)}\n\n`;
      let value: unknown;
      try {
        value = JSON.parse(read.event.data);
      } catch {
        if (read.event.data.trim() !== '') parseProblem ??= 'SSE data line is not JSON';
        continue;
      }
      const message = classifyJsonRpcMessage(value);
      if (message === null) continue;
      messages.push(message);
      if (expectId !== null && findResponse([message], expectId)) {
        return { response: message, messages, snippet, text: null, truncated: false, parseProblem: null };
      }
      if (expectId === null)
        return { response: null, messages, snippet, text: null, truncated: false, parseProblem };
    }
  } finally {
    reader.close();
  }
}
